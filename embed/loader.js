// Parley's embed loader, built into public/embed.js by scripts/build-embed.mjs. It draws the
// launcher in a shadow root and creates the chat iframe when the visitor nears the launcher.
// Every byte counts: the gzipped build must stay within 2 KB (embed/loader.test.ts). How it
// works: docs/embed.md.
((w, d, script = d.currentScript) => {
  const run = () => {
    const prior = w.Parley;
    // A second copy (two tags, an SPA re-inserting the tag) leaves the first one in charge;
    // calling it puts the launcher back if the host page replaced <body>.
    if (prior?.v) return prior();
    const data = script.dataset;
    const origin = new URL(script.src).origin;
    const site = data.site || 'default';
    const key = `parley:${site}`;

    // The visitor lives in the host page's own storage, which can be unavailable (privacy
    // modes, sandboxed pages): then the conversation lasts as long as the page view.
    const load = () => {
      try {
        return JSON.parse(localStorage[key]);
      } catch {}
    };
    const save = (state) => {
      try {
        if (state) localStorage[key] = JSON.stringify(state);
        else delete localStorage[key];
      } catch {}
    };
    // The chat sends its labels in the visitor's language; until it first has, they are English.
    let labels = load()?.labels || ['Open chat', 'Close chat'];

    const hex = (/^#?([\da-f]{6}|[\da-f]{3})$/i.exec(data.color)?.[1] || '4338ca').replace(
      /^(.)(.)(.)$/,
      '$1$1$2$2$3$3',
    );
    // WCAG relative luminance (with the usual 2.2 gamma): above 0.179, black contrasts more.
    const ink =
      [0.2126, 0.7152, 0.0722].reduce(
        (sum, weight, i) => sum + weight * (`0x${hex.substr(2 * i, 2)}` / 255) ** 2.2,
        0,
      ) > 0.179
        ? '#000'
        : '#fff';
    const side = data.position === 'left' ? 'left' : 'right';
    const [x, y = x] = ((data.offset || '').match(/\d+/g) || [20]).map(Number);

    // A constructed stylesheet, unlike <style> or style="", is not subject to the host page's
    // style-src: a strict Content-Security-Policy needs no exception for the launcher.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      `:host{}button,iframe{position:fixed;${side}:${x}px;z-index:${+data.zIndex || 9e3};border:0}button{bottom:${y}px;width:56px;height:56px;border-radius:50%;background:#${hex};color:${ink};box-shadow:0 4px 16px #0004;cursor:pointer}svg{width:28px;fill:currentColor}b{position:absolute;top:0;right:0;min-width:20px;border-radius:9px;background:#c00;color:#fff;font:12px/20px sans-serif}iframe{bottom:${y + 68}px;width:min(400px,100% - ${2 * x}px);height:min(680px,100% - ${y + 88}px);border-radius:16px;box-shadow:0 8px 40px #0005}@media (max-width:640px),(max-height:500px){iframe{top:var(--t);${side}:0;width:100%;height:var(--h);border-radius:0;box-sizing:border-box;border:solid #${hex};border-width:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)}}`,
    );
    const host = d.createElement('parley-chat');
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = '<button><svg viewBox="0 0 24 24"><path/></svg><b hidden></b></button>';
    const button = root.firstChild;
    const [icon, badge] = button.children;

    // The first rule (:host) is written here, and again whenever the visual viewport moves.
    // On phones (and phones held sideways) the panel covers the visual viewport, which shrinks
    // when the keyboard opens; its border, in the site's colour, keeps the chat out of the safe-area
    // insets (notch, home indicator). Every browser with constructable stylesheets has visualViewport.
    const vv = w.visualViewport;
    const follow = () =>
      (sheet.cssRules[0].style.cssText = `all:initial;--t:${vv.offsetTop}px;--h:${vv.height}px`);
    follow();
    vv.addEventListener('resize', follow);
    vv.addEventListener('scroll', follow);

    let frame;
    let port;
    let open = false;
    let ready;
    let unread;
    const outbox = [];
    const handlers = {};
    // Each handler runs in its own task: one that throws cannot break the widget.
    const emit = (name, detail) => (handlers[name] || []).map((fn) => setTimeout(() => fn(detail)));
    const post = (message) => {
      message.v = 1;
      port ? port.postMessage(message) : outbox.push(message);
    };
    const label = () => {
      button.setAttribute('aria-label', badge.hidden ? labels[+open] : unread);
      button.setAttribute('aria-expanded', open);
      icon.firstChild.setAttribute('d', open ? 'M4 9l8 8 8-8-2-2-6 6-6-6z' : 'M4 4h16v12H9l-5 4z');
    };
    const ensureFrame = () =>
      (frame ||= root.appendChild(
        Object.assign(d.createElement('iframe'), {
          src: `${origin}/embed/${site}?color=${hex}&locale=${data.locale || ''}`,
          title: 'Chat',
          hidden: !open,
        }),
      ));
    const setOpen = (value, quiet) => {
      // Focus returns to the launcher only if it was in the widget, not when the page closes it.
      const inside = d.activeElement === host;
      if (value !== open) {
        open = value;
        ensureFrame().hidden = !open;
        badge.hidden ||= open;
        label();
        // The frame gets the focus first: a cross-origin frame may only move focus within itself.
        open ? quiet || frame.focus() : inside && button.focus();
        post({ type: 'open', open, focus: !quiet });
        emit(open ? 'open' : 'close');
      }
    };

    // What the chat in the iframe may say, over the private channel it was handed.
    const actions = {
      state: (m) => {
        save(m.state);
        labels = m.state.labels;
        frame.title = labels[2];
        label();
      },
      message: (m) => {
        if (!open && m.unread) {
          badge.textContent = m.unread;
          badge.hidden = false;
          unread = m.label;
          label();
        }
        emit('message', { text: m.text });
      },
      close: () => setOpen(false),
    };
    w.addEventListener('message', (e) => {
      const m = e.data;
      // The handshake: only our own frame, at the chat's origin, may ask for the channel.
      if (e.source === frame?.contentWindow && e.origin === origin && m?.type === 'parley:hello') {
        const channel = new MessageChannel();
        port = channel.port1;
        port.onmessage = ({ data: m }) => actions[m.type]?.(m);
        frame.contentWindow.postMessage({ v: 1, type: 'parley:init', open, state: load() }, origin, [
          channel.port2,
        ]);
        outbox.splice(0).map(post);
      }
    });
    // Keys pressed on the launcher reach its element (and only those: the iframe's stay inside it).
    // The handler returns nothing: an on* handler that returns false cancels the key (Enter's click).
    host.onkeydown = (e) => {
      e.key === 'Escape' && setOpen(false);
    };
    button.onclick = () => setOpen(!open);
    // A pointer over the launcher or the focus on it is a visitor about to open: the chat starts
    // loading (hidden) then, a few hundred milliseconds before the click.
    button.onpointerenter = button.onfocus = ensureFrame;

    // An inherited name (toString, __proto__) is harmless: what is not a function throws inside
    // Parley's try, and Object.prototype's methods change nothing of the widget.
    const api = {
      open: () => setOpen(true),
      close: () => setOpen(false),
      toggle: () => setOpen(!open),
      send: (text) => ensureFrame() && post({ type: 'send', text: `${text}` }),
      // The host's server signed this visitor in (docs/embed.md): the chat checks the signature.
      identify: (user) => post({ ...user, type: 'identify' }),
      // The host's logout. Queued, like identify, when the chat is not open yet: it arrives after
      // what came before it, so a chat opened later does not sign in a visitor who signed out.
      reset: () => {
        save();
        post({ type: 'reset' });
      },
      on: (name, fn) => {
        handlers[name] ||= [];
        handlers[name].push(fn);
        name === 'ready' && ready && setTimeout(() => fn());
      },
    };
    const Parley = (command, ...args) => {
      try {
        // Nothing is drawn before the server has allowed this page (ready is set then).
        ready && (host.isConnected || d.body.append(host));
        api[command]?.(...args);
      } catch {}
    };
    Parley.v = 1;
    w.Parley = Parley;
    label();
    // Is this page's origin allowed to show the chat? The answer is a script (the page's CSP
    // allows Parley's scripts, not its connections; crossOrigin sends the Origin): allowed, it
    // calls ok(); refused, it warns in the console and no launcher is ever drawn.
    d.head.append(
      Object.assign(d.createElement('script'), {
        src: `${origin}/embed/${site}/check.js`,
        crossOrigin: '',
        ok: () => {
          // 'ready' comes first; handlers that subscribe later (the queue's, too) are called at once.
          ready = emit('ready');
          Parley();
          (prior?.q || []).map((args) => Parley(...args));
          data.open != null && data.open !== 'false' && setOpen(true, 1);
        },
      }),
    );
  };
  // Never throw into the host page.
  const safe = () => {
    try {
      run();
    } catch {}
  };
  d.body ? safe() : d.addEventListener('DOMContentLoaded', safe);
})(window, document);
