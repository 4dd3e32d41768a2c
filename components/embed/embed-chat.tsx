'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { ChatApp, type ChatController } from '@/components/chat/chat-app';
import { localVisitorStore, memoryVisitorStore } from '@/components/chat/stores';
import type { UiMessage, VisitorStore } from '@/components/chat/use-chat';
import type { ChatBranding } from '@/lib/branding';
import {
  type FrameMessage,
  helloTargets,
  type LoaderCommand,
  parentOrigin,
  parseCommand,
  parseInit,
} from './protocol';

type Session = { store: VisitorStore; port: MessagePort | null; open: boolean };

// One hello per page view: React runs effects twice in development.
let helloSent = false;

/** How long a framed chat waits for the loader before it works on its own (a plain <iframe>). */
const LOADER_WAIT_MS = 3000;

/**
 * The chat inside the widget's iframe. The visitor token comes from the loader, which keeps it
 * in the host page's own storage: storage in a cross-site iframe can be partitioned or denied,
 * so this page keeps it only in memory and reports every change back over the channel.
 */
export function EmbedChat(props: {
  siteId: string;
  locale: string;
  maxChars: number;
  configured: boolean;
  allowedOrigins: string[];
  branding: ChatBranding;
}) {
  const { siteId, allowedOrigins } = props;
  const t = useTranslations('widget');
  const [session, setSession] = useState<Session | null>(null);
  const controller = useRef<ChatController>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const openRef = useRef(false);
  const unreadRef = useRef(0);
  const readyRef = useRef(false);
  const pendingRef = useRef<LoaderCommand[]>([]);
  // The launcher's name: the one the owner gave it, else "Open chat" in the visitor's language.
  const openLabel = props.branding.launcherLabel ?? t('open');
  const labels = useMemo<[string, string, string]>(
    () => [openLabel, t('close'), t('frameTitle')],
    [openLabel, t],
  );
  const labelsRef = useRef(labels);
  labelsRef.current = labels;

  // The handshake: say hello to the parent, accept one init from it with a private port.
  useEffect(() => {
    if (window.parent === window) {
      // Opened directly, not framed: this page is first-party, its own storage is fine.
      setSession({ store: localVisitorStore(siteId), port: null, open: true });
      return;
    }
    const allowed = [window.location.origin, ...allowedOrigins];
    const onMessage = (event: MessageEvent) => {
      // Only the real parent, at an origin this site allows, may hand over the channel.
      if (event.source !== window.parent || !allowed.includes(event.origin)) return;
      const init = parseInit(event.data);
      const port = event.ports[0];
      if (!init || !port) return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      const store = memoryVisitorStore(init.state, (state) =>
        port.postMessage({
          v: 1,
          type: 'state',
          state: { ...state, labels: labelsRef.current },
        } satisfies FrameMessage),
      );
      openRef.current = init.open;
      setSession({ store, port, open: init.open });
    };
    window.addEventListener('message', onMessage);
    if (!helloSent) {
      helloSent = true;
      // The hello carries no data, and still goes to exact origins only, never to '*'.
      // Posting to an origin the parent is not at is dropped, and Firefox reports it as an error on
      // the host page's console: the hello goes to the parent's origin when the browser says it.
      const ancestor = (window.location.ancestorOrigins as DOMStringList | undefined)?.[0];
      for (const target of helloTargets(allowed, parentOrigin(ancestor, document.referrer))) {
        window.parent.postMessage({ v: 1, type: 'parley:hello' }, target);
      }
    }
    const timer = setTimeout(() => {
      setSession((current) => current ?? { store: memoryVisitorStore({}), port: null, open: true });
    }, LOADER_WAIT_MS);
    return () => {
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
    };
  }, [siteId, allowedOrigins]);

  const run = useCallback((command: LoaderCommand) => {
    if (command.type === 'open') {
      openRef.current = command.open;
      if (!command.open) return;
      unreadRef.current = 0;
      if (command.focus) focusWhenFocused(() => controller.current?.focus());
      enter(frameRef.current);
      return;
    }
    // Who the visitor is comes first: the restore under way starts again as them.
    if (command.type === 'identify') {
      controller.current?.identify(command.user);
      return;
    }
    // Until the visitor's conversation is loaded, a command could race with the restore.
    if (!readyRef.current) {
      pendingRef.current.push(command);
      return;
    }
    if (command.type === 'send') controller.current?.send(command.text);
    else controller.current?.reset();
  }, []);

  const onReady = useCallback(() => {
    if (readyRef.current) return;
    readyRef.current = true;
    for (const command of pendingRef.current.splice(0)) run(command);
  }, [run]);

  // The channel: commands from the loader in, the launcher's words and Esc out.
  useEffect(() => {
    const port = session?.port;
    if (!port) return;
    const post = (message: FrameMessage) => port.postMessage(message);
    port.onmessage = (event: MessageEvent) => {
      const command = parseCommand(event.data);
      if (command) run(command);
    };
    // The launcher learns its words in the chat's language, and keeps them for the next page.
    post({
      v: 1,
      type: 'state',
      state: {
        token: session.store.getToken(),
        conversation: session.store.getConversation(),
        user: session.store.getUser(),
        labels,
      },
    });
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.isComposing && !event.defaultPrevented)
        post({ v: 1, type: 'close' });
    };
    window.addEventListener('keydown', onKey);
    return () => {
      port.onmessage = null;
      window.removeEventListener('keydown', onKey);
    };
  }, [session, labels, run]);

  // WebKit refuses focus() in a cross-origin frame the visitor has not interacted with yet: there,
  // opening leaves the focus on this page's body, and the first key typed moves it to the composer.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typed = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
      if (typed && !event.isComposing && (document.activeElement ?? document.body) === document.body)
        controller.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const onAnswer = useCallback(
    (message: UiMessage) => {
      const port = session?.port;
      if (!port) return;
      const closed = !openRef.current;
      if (closed) unreadRef.current += 1;
      const unread = closed ? unreadRef.current : 0;
      port.postMessage({
        v: 1,
        type: 'message',
        text: message.content,
        unread,
        label: unread ? `${openLabel} (${t('unread', { count: unread })})` : '',
      } satisfies FrameMessage);
    },
    [session, t, openLabel],
  );

  const port = session?.port;
  const onClose = useMemo(
    () => (port ? () => port.postMessage({ v: 1, type: 'close' } satisfies FrameMessage) : undefined),
    [port],
  );

  // The chat is drawn on the server and shows the moment the frame loads; the visitor's token and
  // conversation arrive with the loader's hand-over, and the chat's work waits for them.
  return (
    <div ref={frameRef}>
      <ChatApp
        siteId={siteId}
        locale={props.locale}
        store={session?.store ?? null}
        maxChars={props.maxChars}
        configured={props.configured}
        branding={props.branding}
        compact
        onClose={onClose}
        onAnswer={onAnswer}
        onReady={onReady}
        controllerRef={controller}
      />
    </div>
  );
}

/**
 * Browsers let a cross-origin frame move focus only while it has it; the loader focuses the
 * frame just before it says "open", and the two can arrive in either order.
 */
function focusWhenFocused(focus: () => void) {
  focus();
  if (document.hasFocus()) return;
  const onFocus = () => {
    clearTimeout(timer);
    focus();
  };
  const timer = setTimeout(() => window.removeEventListener('focus', onFocus), 1000);
  window.addEventListener('focus', onFocus, { once: true });
}

/** A short entrance each time the widget opens, unless the visitor prefers reduced motion. */
function enter(element: HTMLElement | null) {
  if (!element || window.matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  element.animate(
    [
      { opacity: 0, transform: 'translateY(12px)' },
      { opacity: 1, transform: 'none' },
    ],
    { duration: 180, easing: 'ease-out' },
  );
}
