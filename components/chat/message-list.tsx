'use client';

import { Fragment, type RefObject, useEffect, useRef } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import type { Rate } from './answer-feedback';
import { Avatar } from './avatar';
import { ArrowDownIcon } from './icons';
import { MessageItem, TypingIndicator } from './message-item';
import { usePinnedScroll } from './pinned-scroll';
import type { UiMessage } from './use-chat';

export type OlderState = { more: boolean; loading: boolean; failed: boolean };

/** Messages further apart than this get a time of their own above them. */
const TIME_GAP_MS = 30 * 60_000;

function startsTimeGroup(messages: UiMessage[], i: number): boolean {
  if (i === 0) return true;
  const a = new Date(messages[i - 1].createdAt);
  const b = new Date(messages[i].createdAt);
  return b.getTime() - a.getTime() > TIME_GAP_MS || a.toDateString() !== b.toDateString();
}

/** "Today, 14:05", "Yesterday, 09:12" or a date and time, above a group of messages. */
function GroupTime({ at }: { at: string }) {
  const t = useTranslations('chat');
  const format = useFormatter();
  const date = new Date(at);
  const time = format.dateTime(date, { hour: 'numeric', minute: '2-digit' });
  const days = Math.round((new Date().setHours(0, 0, 0, 0) - new Date(at).setHours(0, 0, 0, 0)) / 86_400_000);
  const text =
    days === 0
      ? t('todayAt', { time })
      : days === 1
        ? t('yesterdayAt', { time })
        : format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <li className="-mb-2 mt-7 text-center text-xs text-muted first:mt-0">
      <time dateTime={at}>{text}</time>
    </li>
  );
}

/**
 * The conversation, grouped by sender and by time, with the earlier messages of a long one loaded a
 * page at a time: when the top of the list comes into view, or with the button there (for the
 * keyboard and screen readers). The scrolling is in pinned-scroll.ts.
 */
export function MessageList(props: {
  messages: UiMessage[];
  busy: boolean;
  waiting: boolean;
  older: OlderState;
  onOlder: () => void;
  onRetry: (message: UiMessage) => void;
  onRate?: Rate;
  conversationId: string | null;
  avatarUrl: string | null;
  assistantName: string;
  /** The element that scrolls the list. */
  scrollerRef: RefObject<HTMLElement | null>;
}) {
  const { messages, older, onOlder, scrollerRef } = props;
  const t = useTranslations('chat');
  const listRef = useRef<HTMLOListElement>(null);
  const topRef = useRef<HTMLDivElement>(null);

  const lastSent = messages.findLast((m) => m.role === 'user')?.id;
  const { away, jump } = usePinnedScroll(scrollerRef, listRef, `${props.conversationId}|${lastSent}`);

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
        <div ref={topRef} className="mx-auto mb-6 flex max-w-3xl flex-col items-center gap-2 text-sm">
          {failed && (
            <p role="alert" className="text-danger">
              {t('olderFailed')}
            </p>
          )}
          <button
            type="button"
            aria-disabled={loading || undefined}
            onClick={() => !loading && onOlder()}
            className="min-h-8 rounded-full border border-border-strong px-3.5 font-medium text-fg hover:bg-surface-2"
          >
            {loading ? t('loadingOlder') : failed ? t('olderRetry') : t('loadOlder')}
          </button>
        </div>
      )}
      <ol ref={listRef} className="mx-auto flex max-w-3xl flex-col" aria-label={t('title')}>
        {messages.map((message, i) => {
          const timed = startsTimeGroup(messages, i);
          const next = messages[i + 1];
          const first = timed || messages[i - 1].role !== message.role;
          const last = !next || next.role !== message.role || startsTimeGroup(messages, i + 1);
          return (
            <Fragment key={message.id}>
              {timed && <GroupTime at={message.createdAt} />}
              <MessageItem
                message={message}
                onRetry={props.onRetry}
                canRetry={!props.busy}
                first={first}
                last={last}
                avatarUrl={props.avatarUrl}
                assistantName={props.assistantName}
                onRate={props.onRate}
              />
            </Fragment>
          );
        })}
        {props.waiting && (
          <li className="mt-5 flex gap-2">
            <div className="w-7 shrink-0 pt-0.5">
              <Avatar url={props.avatarUrl} size="sm" />
            </div>
            <TypingIndicator label={t('typing')} />
          </li>
        )}
      </ol>
      {/* Zero height at the end of the list, so the button floats above the composer without taking room. */}
      <div className="pointer-events-none sticky bottom-0 z-10 h-0">
        {away && (
          <button
            type="button"
            onClick={(event) => {
              // The button goes away: keep the focus in the conversation rather than lose it.
              if (document.activeElement === event.currentTarget)
                scrollerRef.current?.focus({ preventScroll: true });
              jump();
            }}
            className="parley-fade pointer-events-auto absolute bottom-3 start-1/2 flex size-10 -translate-x-1/2 items-center justify-center rounded-full border border-border bg-bg text-fg shadow-float hover:bg-surface rtl:translate-x-1/2"
            aria-label={t('jumpToLatest')}
            title={t('jumpToLatest')}
          >
            <ArrowDownIcon className="size-5" />
          </button>
        )}
      </div>
    </>
  );
}
