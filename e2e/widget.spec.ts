import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { startWidgetEnv, type WidgetEnv } from './support/widget-env';
import { blockStorageAt, installProbe, WidgetPage } from './support/widget-page';

// The widget on another website: a host page on http://localhost:<port> with a strict CSP,
// the chat served by the app on http://127.0.0.1:<port>. One app for the whole file.
let env: WidgetEnv;
test.beforeAll(async () => {
  env = await startWidgetEnv();
});
test.afterAll(async () => {
  await env?.stop();
});

test.beforeEach(async ({ page }) => {
  await installProbe(page);
});

test('a host page with a strict CSP gets the chat: it streams, survives a reload, and resets', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page());

  await expect(widget.launcher).toHaveAccessibleName('Open chat');
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'false');
  // No iframe until the visitor comes near the launcher; pointing at it starts loading the chat,
  // hidden, before the click.
  await expect(widget.frameElement).toHaveCount(0);
  await widget.launcher.hover();
  await expect(widget.frameElement).toHaveCount(1);
  await expect(widget.frameElement).toBeHidden();
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'false');

  await widget.open();
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'true');
  await expect(widget.launcher).toHaveAccessibleName('Close chat');
  await expect(widget.frameElement).toBeVisible();
  // Focus moves into the chat.
  await expect(widget.chat.composer).toBeFocused();

  // Slow enough that the streaming state is seen even on a loaded machine: 5 words 800 ms apart (at
  // 300 ms a fresh clone's full run once saw only the finished answer).
  await widget.chat.send('Hello from the host [[gap 800]]');
  // The question is on screen at once, before any answer (a failure here and one at the answer below
  // tell the chat's side from the server's).
  await expect(widget.chat.userMessages).toHaveCount(1);
  const answer = widget.chat.lastAnswer();
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer).toContainText('Echo: Hello from the host');

  // The visitor lives in the host page's own storage, namespaced by site.
  const first = await widget.stored();
  expect(first?.token).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  expect(first?.conversation).toBeTruthy();

  await page.reload();
  await widget.open();
  await expect(widget.chat.userMessages).toHaveCount(1);
  await expect(widget.chat.lastAnswer()).toContainText('Echo: Hello from the host');

  await widget.call('reset');
  await expect(widget.chat.messages).toHaveCount(0);
  await expect(widget.frame.getByRole('heading', { name: widget.chat.names.greeting })).toBeVisible();
  expect((await widget.stored())?.token).toBeFalsy();
  await widget.chat.ask('A fresh start');
  await expect(widget.chat.userMessages).toHaveCount(1);
  const second = await widget.stored();
  expect(second?.token).toBeTruthy();
  expect(second?.token).not.toBe(first?.token);
  expect(second?.conversation).not.toBe(first?.conversation);

  expect(await widget.violations()).toEqual([]);
  expect(errors).toEqual([]);
  // The probe does see violations: a <style> element on this page is one.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'p { color: red }';
    document.head.append(style);
  });
  await expect.poll(() => widget.violations()).toEqual([expect.stringMatching(/^style-src-elem /)]);
});

test('a page on an origin that is not allowed gets no launcher and one console warning that says what to set', async ({
  page,
  request,
}) => {
  const messages: Array<{ type: string; text: string }> = [];
  page.on('console', (message) => messages.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => messages.push({ type: 'pageerror', text: error.message }));
  const widget = new WidgetPage(page);
  const checked = page.waitForResponse((response) => response.url().includes('/embed/default/check.js'));
  await widget.goto(env.stranger.page());
  expect((await checked).ok()).toBe(true);
  await expect
    .poll(() => messages.filter((message) => message.type === 'warning').map((message) => message.text))
    .toEqual([
      expect.stringContaining(`Add ${env.stranger.origin} to EMBED_ALLOWED_ORIGINS on the Parley server`),
    ]);
  // Nothing drawn, ever: no launcher, and page code that calls the API opens nothing either.
  await widget.call('open');
  await page.waitForTimeout(300);
  await expect(page.locator('parley-chat')).toHaveCount(0);
  await expect(widget.launcher).toHaveCount(0);
  expect(page.frames()).toHaveLength(1);
  expect(messages).toHaveLength(1);
  expect(await widget.stored()).toBeNull();
  expect(await widget.violations()).toEqual([]);
  // The operator hears of it once, in the server's log, however often such a page loads.
  await page.reload();
  await expect.poll(() => messages.filter((message) => message.type === 'warning')).toHaveLength(2);
  expect(env.app.logs().match(/"event":"embed_origin_refused"/g)).toHaveLength(1);
  expect(env.app.logs()).toContain(`"origin":"${env.stranger.origin}"`);

  // An allowed page hears nothing but gets its launcher.
  messages.length = 0;
  await widget.goto(env.host.page());
  await expect(widget.launcher).toBeVisible();
  expect(messages).toEqual([]);

  // The chat itself still refuses to be framed there, and the API refuses that origin too.
  const embed = await request.get(`${env.app.url}/embed/default`);
  expect(embed.headers()['content-security-policy'].split('; ')).toContain(
    `frame-ancestors 'self' ${env.host.origin}`,
  );
  const refused = await request.post(`${env.app.url}/api/visitors`, {
    headers: { Origin: env.stranger.origin },
    data: { siteId: 'default' },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe('origin_not_allowed');
  const allowed = await request.post(`${env.app.url}/api/visitors`, {
    headers: { Origin: env.host.origin },
    data: { siteId: 'default' },
  });
  expect(allowed.status()).toBe(201);

  // A page without an origin (a file:// page, a sandboxed frame) sends `Origin: null`: never allowed,
  // and a refused send stores nothing.
  const opaque = await request.post(`${env.app.url}/api/visitors`, {
    headers: { Origin: 'null' },
    data: { siteId: 'default' },
  });
  expect(opaque.status()).toBe(403);
  const { token } = await allowed.json();
  const auth = { Authorization: `Bearer ${token}` };
  const send = await request.post(`${env.app.url}/api/chat`, {
    headers: { ...auth, Origin: 'null' },
    data: { messageId: crypto.randomUUID(), content: 'from nowhere' },
  });
  expect(send.status()).toBe(403);
  expect((await send.json()).error.code).toBe('origin_not_allowed');
  const list = await request.get(`${env.app.url}/api/conversations`, { headers: auth });
  expect((await list.json()).conversations).toEqual([]);
});

test('the conversation survives a reload when the chat origin has no storage at all', async ({ page }) => {
  await blockStorageAt(page, env.app.url);
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page());
  await widget.open();
  await widget.chat.ask('Remember me');
  await page.reload();
  await widget.open();
  await expect(widget.chat.lastAnswer()).toContainText('Echo: Remember me');
  // The frame really had no storage: it could not have kept the token itself.
  const frame = page.frames().find((f) => f.url().includes('/embed/'));
  expect(
    await frame?.evaluate(() => {
      try {
        return String(localStorage.length);
      } catch {
        return 'denied';
      }
    }),
  ).toBe('denied');
});

test('an unknown site id shows a clear error inside the widget', async ({ page, request }) => {
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page({ attrs: { site: 'no-such-site' } }));
  await widget.open();
  await expect(widget.frame.getByRole('heading', { name: 'Chat unavailable' })).toBeVisible();
  await expect(widget.frame.getByRole('alert').filter({ hasText: 'Chat unavailable' })).toContainText(
    'There is no chat site called “no-such-site”',
  );
  const response = await request.get(`${env.app.url}/embed/no-such-site`);
  expect(response.status()).toBe(404);
});

test("another frame on the host page cannot hand the chat a channel: only the chat's parent can", async ({
  page,
}) => {
  // A host page at an allowed origin frames the chat without the loader, beside a frame of its own
  // origin (an ad, a widget of someone else's): that frame offers the chat a channel, again and again.
  await page.goto(env.host.page({ noSnippet: true }));
  type Attacker = Window & { __heard?: unknown[] };
  await page.evaluate((chatUrl) => {
    const chat = document.createElement('iframe');
    chat.src = chatUrl;
    chat.title = 'Chat';
    document.body.append(chat);
    const other = document.createElement('iframe');
    other.name = 'other';
    document.body.append(other);
  }, `${env.app.url}/embed/default`);
  const other = page.frames().find((frame) => frame.name() === 'other');
  if (!other) throw new Error('the other frame is not there');
  await other.evaluate((chatOrigin) => {
    const self = window as unknown as Attacker;
    self.__heard = [];
    const offer = () => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => self.__heard?.push(event.data);
      parent.frames[0].postMessage({ v: 1, type: 'parley:init', open: true, state: {} }, chatOrigin, [
        channel.port2,
      ]);
    };
    offer();
    setInterval(offer, 100);
  }, env.app.url);
  // Without its parent's hand-over the chat works on its own after a few seconds; had it taken the
  // other frame's channel, it would have told that frame the visitor's token.
  const chat = new ChatPage(page.frameLocator('iframe[src*="/embed/"]'));
  await expect(chat.root.locator('main')).toHaveAttribute('aria-busy', 'false');
  await chat.ask('Only mine');
  await expect(chat.lastAnswer()).toContainText('Echo: Only mine');
  expect(await other.evaluate(() => (window as unknown as Attacker).__heard)).toEqual([]);
});

test('the chat takes commands only over the channel it was handed, not from plain messages', async ({
  page,
}) => {
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page());
  await widget.open();
  await widget.chat.ask('The real one');
  type Forger = Window & { __forgedReplies?: number; Parley: (...args: unknown[]) => void };
  const posted = await page.evaluate(
    ({ chatOrigin }) => {
      const frame = document.querySelector('parley-chat')?.shadowRoot?.querySelector('iframe');
      const target = frame?.contentWindow;
      if (!target) return false;
      // A second init, with a visitor of its own choosing, and commands sent outside the channel.
      const forger = window as unknown as Forger;
      const channel = new MessageChannel();
      forger.__forgedReplies = 0;
      channel.port1.onmessage = () => {
        forger.__forgedReplies = (forger.__forgedReplies ?? 0) + 1;
      };
      target.postMessage(
        { v: 1, type: 'parley:init', open: true, state: { token: 'f'.repeat(43) } },
        chatOrigin,
        [channel.port2],
      );
      target.postMessage({ v: 1, type: 'send', text: 'forged' }, chatOrigin);
      target.postMessage({ v: 1, type: 'reset' }, chatOrigin);
      // Then a real command over the real channel. It travels apart from window messages, but its
      // answer takes a round trip to the server: once it shows, the forged messages arrived long
      // before, and whatever the chat did with them is there to see.
      forger.Parley('send', 'Sent after the forged ones');
      return true;
    },
    { chatOrigin: env.app.url },
  );
  expect(posted).toBe(true);
  await expect(widget.chat.lastAnswer()).toContainText('Echo: Sent after the forged ones');
  expect(await page.evaluate(() => (window as unknown as Forger).__forgedReplies)).toBe(0);
  await expect(widget.chat.userMessages).toHaveCount(2);
  await expect(widget.chat.userMessages).toContainText(['The real one', 'Sent after the forged ones']);
  expect((await widget.stored())?.token).not.toBe('f'.repeat(43));
});
