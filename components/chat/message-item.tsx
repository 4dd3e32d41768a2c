'use client';

import { useFormatter, useTranslations } from 'use-intl';
import { AnswerFeedback, type Rate } from './answer-feedback';
import { Avatar } from './avatar';
import { Citations } from './citations';
import { AlertIcon, RetryIcon, StopIcon } from './icons';
import { MarkdownText } from './markdown';
import type { UiMessage } from './use-chat';

/** Failures that trying again cannot fix: no model, a site that no longer exists, no valid sign-in. */
const FINAL_ERRORS: ReadonlySet<string> = new Set([
  'upstream_not_configured',
  'site_not_found',
  'identity_required',
  'invalid_identity',
]);

function errorText(t: ReturnType<typeof useTranslations<'errors'>>, message: UiMessage): string {
  const code = message.errorCode ?? 'internal';
  if (code === 'rate_limited') return t('rate_limited', { seconds: message.retryAfterSeconds ?? 60 });
  return t.has(code as 'internal') ? t(code as 'internal') : t('internal');
}

/**
 * One message. Messages in a row from the same sender form a group: the assistant's avatar shows
 * on the first, the corners between them are tighter, and times show on hover or focus (the list
 * puts one time above each group of messages sent close together).
 */
export function MessageItem(props: {
  message: UiMessage;
  onRetry: (message: UiMessage) => void;
  canRetry: boolean;
  /** First of a run of messages from the same sender. */
  first: boolean;
  /** Last of such a run. */
  last: boolean;
  avatarUrl: string | null;
  assistantName: string;
  /** Votes on finished answers; none where the visitor cannot vote. */
  onRate?: Rate;
}) {
  const { message, onRetry, canRetry, first, last } = props;
  const t = useTranslations('chat');
  const te = useTranslations('errors');
  const format = useFormatter();
  const isUser = message.role === 'user';
  const failed = message.status === 'error' || message.status === 'unsent';
  const streaming = message.status === 'streaming';
  const fresh = message.status === 'sending' || streaming;
  const time = format.dateTime(new Date(message.createdAt), { hour: 'numeric', minute: '2-digit' });

  // Rounded all round, except the corners that face the sender's other messages.
  const corners = isUser
    ? `${first ? '' : 'rounded-se-md'} ${last ? '' : 'rounded-ee-md'}`
    : `${first ? '' : 'rounded-ss-md'} ${last ? '' : 'rounded-es-md'}`;

  return (
    <li
      className={`group relative flex gap-2 ${isUser ? 'justify-end' : 'justify-start'} ${first ? 'mt-5 first:mt-0' : 'mt-1'} ${fresh ? 'parley-rise' : ''}`}
      data-role={message.role}
      data-status={message.status}
      aria-busy={streaming || undefined}
    >
      {!isUser && (
        <div className="w-7 shrink-0 pt-0.5">{first && <Avatar url={props.avatarUrl} size="sm" />}</div>
      )}
      <div
        className={`flex min-w-0 flex-col gap-1.5 ${isUser ? 'max-w-[85%] items-end sm:max-w-[75%]' : 'max-w-[calc(100%-2.25rem)] items-start'}`}
      >
        <span className="sr-only">{isUser ? t('you') : props.assistantName}:</span>
        {message.content ? (
          <div
            data-bubble=""
            // An answer or a question in another script than the page's reads in its own direction.
            dir="auto"
            className={`max-w-full rounded-bubble px-3.5 py-2 ${corners} ${
              isUser
                ? 'bg-accent text-accent-contrast whitespace-pre-wrap [overflow-wrap:anywhere]'
                : `bg-surface-2 text-fg ${streaming ? 'parley-streaming' : ''}`
            }`}
          >
            {isUser ? message.content : <MarkdownText text={message.content} />}
          </div>
        ) : (
          streaming && <TypingIndicator label={t('typing')} />
        )}
        {message.status === 'stopped' && (
          <p className="flex items-center gap-1.5 px-1 text-xs text-muted">
            <StopIcon className="size-2.5" />
            {t('stopped')}
          </p>
        )}
        {!isUser && message.citations && message.citations.length > 0 && !streaming && (
          <Citations citations={message.citations} />
        )}
        {!isUser &&
          props.onRate &&
          message.content &&
          (message.status === 'complete' || message.status === 'stopped') && (
            <AnswerFeedback messageId={message.id} initial={message.feedback ?? null} onRate={props.onRate} />
          )}
        {failed && (
          <div className={`flex flex-wrap items-center gap-x-3 gap-y-1.5 ${isUser ? 'justify-end' : ''}`}>
            <p role="alert" className="flex items-start gap-1.5 text-sm text-danger">
              <AlertIcon className="mt-0.5 size-4" />
              <span>
                {message.status === 'unsent' ? `${t('notSent')} ` : ''}
                {errorText(te, message)}
              </span>
            </p>
            {canRetry && !FINAL_ERRORS.has(message.errorCode ?? '') && (
              <button
                type="button"
                onClick={() => onRetry(message)}
                className="inline-flex min-h-8 items-center gap-1.5 rounded-full border border-border-strong bg-bg px-3 text-sm font-medium text-fg hover:bg-surface-2"
              >
                <RetryIcon className="size-3.5" />
                {t('retry')}
              </button>
            )}
          </div>
        )}
      </div>
      {message.status !== 'sending' && !streaming && (
        <time
          dateTime={message.createdAt}
          className={`pointer-events-none absolute top-full mt-0.5 text-[0.6875rem] leading-4 text-muted opacity-0 motion-safe:transition-opacity group-hover:opacity-100 group-focus-within:opacity-100 ${isUser ? 'end-1' : 'start-10'}`}
        >
          {time}
        </time>
      )}
    </li>
  );
}

export function TypingIndicator({ label }: { label: string }) {
  return (
    <div
      className="flex h-10 items-center gap-1 rounded-bubble bg-surface-2 px-4 text-muted parley-fade"
      role="status"
    >
      <span className="sr-only">{label}</span>
      <span aria-hidden="true" className="parley-dot" />
      <span aria-hidden="true" className="parley-dot" />
      <span aria-hidden="true" className="parley-dot" />
    </div>
  );
}
