'use client';

import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslations } from 'use-intl';
import { MessageItem, TypingIndicator } from './message-item';
import type { UiMessage } from './use-chat';

export type OlderState = { more: boolean; loading: boolean; failed: boolean };

/** Where the first message sits in the scroller, so that it stays put when pages go in above it. */
type Anchor = { element: Element; top: number };

function place(list: HTMLElement | null, scroller: HTMLElement | null): Anchor | null {
  const element = list?.firstElementChild;
  if (!element || !scroller) return null;
  return { element, top: element.getBoundingClientRect().top - scroller.getBoundingClientRect().top };
}

/**
 * The conversation, with the earlier messages of a long one loaded a page at a time: when the top
 * of the list comes into view, or with the button there (for the keyboard and screen readers).
 */
export function MessageList(props: {
  messages: UiMessage[];
  busy: boolean;
  waiting: boolean;
  older: OlderState;
  onOlder: () => void;
  onRetry: (message: UiMessage) => void;
  /** The element that scrolls the list. */
  scrollerRef: RefObject<HTMLElement | null>;
}) {
  const { messages, older, onOlder, scrollerRef } = props;
  const t = useTranslations('chat');
  const listRef = useRef<HTMLOListElement>(null);
  const topRef = useRef<HTMLDivElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<Anchor | null>(null);
  const lastSeen = useRef('');

  // Before the browser paints: a new or growing last message is scrolled into view; a page put in
  // above the first message scrolls the list by as much as that message moved, so it stays where
  // the visitor was reading. (Runs after every commit, and keeps the first message's place.)
  const last = messages.at(-1);
  useLayoutEffect(() => {
    const key = `${last?.id}:${last?.content.length}`;
    const kept = anchor.current;
    const scroller = scrollerRef.current;
    if (key !== lastSeen.current) {
      lastSeen.current = key;
      endRef.current?.scrollIntoView({ block: 'end' });
    } else if (
      kept &&
      scroller &&
      kept.element.isConnected &&
      kept.element !== listRef.current?.firstElementChild
    ) {
      scroller.scrollTop +=
        kept.element.getBoundingClientRect().top - scroller.getBoundingClientRect().top - kept.top;
    }
    anchor.current = place(listRef.current, scroller);
  });

  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const onScroll = () => {
      anchor.current = place(listRef.current, scroller);
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => scroller.removeEventListener('scroll', onScroll);
  }, [scrollerRef]);

  // A new observer for each page: it reports at once if the top is still in view after a load.
  // After a failure only the button asks again, so a server that is down is not asked in a loop.
  const { more, loading, failed } = older;
  useEffect(() => {
    const top = topRef.current;
    if (!more || loading || failed || !top || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && onOlder(),
      {
        root: scrollerRef.current,
        rootMargin: '200px 0px 0px 0px',
      },
    );
    observer.observe(top);
    return () => observer.disconnect();
  }, [more, loading, failed, onOlder, scrollerRef]);

  return (
    <>
      {more && (
        <div ref={topRef} className="mx-auto mb-4 flex max-w-3xl flex-col items-center gap-2 text-sm">
          {failed && (
            <p role="alert" className="text-danger">
              {t('olderFailed')}
            </p>
          )}
          <button
            type="button"
            aria-disabled={loading || undefined}
            onClick={() => !loading && onOlder()}
            className="rounded-md border border-border px-3 py-1 font-medium text-fg hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
          >
            {loading ? t('loadingOlder') : failed ? t('olderRetry') : t('loadOlder')}
          </button>
        </div>
      )}
      <ol ref={listRef} className="mx-auto flex max-w-3xl flex-col gap-4" aria-label={t('title')}>
        {messages.map((message) => (
          <MessageItem key={message.id} message={message} onRetry={props.onRetry} canRetry={!props.busy} />
        ))}
        {props.waiting && (
          <li className="flex justify-start">
            <TypingIndicator label={t('typing')} />
          </li>
        )}
      </ol>
      <div ref={endRef} />
    </>
  );
}
