'use client';

import { useFormatter, useTranslations } from 'use-intl';
import { MarkdownText } from './markdown';
import type { UiMessage } from './use-chat';

function errorText(t: ReturnType<typeof useTranslations<'errors'>>, message: UiMessage): string {
  const code = message.errorCode ?? 'internal';
  if (code === 'rate_limited') return t('rate_limited', { seconds: message.retryAfterSeconds ?? 60 });
  return t.has(code as 'internal') ? t(code as 'internal') : t('internal');
}

export function MessageItem(props: {
  message: UiMessage;
  onRetry: (message: UiMessage) => void;
  canRetry: boolean;
}) {
  const { message, onRetry, canRetry } = props;
  const t = useTranslations('chat');
  const te = useTranslations('errors');
  const format = useFormatter();
  const isUser = message.role === 'user';
  const failed = message.status === 'error' || message.status === 'unsent';
  const time = format.dateTime(new Date(message.createdAt), { hour: 'numeric', minute: '2-digit' });

  return (
    <li
      className={`flex ${isUser ? 'justify-end' : 'justify-start'}`}
      data-role={message.role}
      data-status={message.status}
    >
      <div
        className={`max-w-[85%] sm:max-w-[75%] ${isUser ? 'items-end' : 'items-start'} flex flex-col gap-1`}
      >
        <span className="sr-only">{isUser ? t('you') : t('assistantName')}:</span>
        {message.content || message.status !== 'streaming' ? (
          <div
            className={
              isUser
                ? 'rounded-2xl rounded-ee-md bg-accent px-4 py-2 text-accent-contrast whitespace-pre-wrap break-words'
                : 'rounded-2xl rounded-es-md bg-surface-2 px-4 py-2 text-fg break-words'
            }
          >
            {isUser ? message.content : <MarkdownText text={message.content} />}
          </div>
        ) : (
          <TypingIndicator label={t('typing')} />
        )}
        <div className="flex items-center gap-2 text-xs text-muted">
          {message.status === 'stopped' && <span>{t('stopped')}</span>}
          {message.status !== 'sending' && message.status !== 'streaming' && (
            <time dateTime={message.createdAt}>{time}</time>
          )}
        </div>
        {failed && (
          <div className="flex flex-wrap items-center gap-2 text-sm" role="alert">
            <span className="text-danger">
              {message.status === 'unsent' ? `${t('notSent')} ` : ''}
              {errorText(te, message)}
            </span>
            {canRetry && message.errorCode !== 'upstream_not_configured' && (
              <button
                type="button"
                onClick={() => onRetry(message)}
                className="rounded-md border border-border px-3 py-1 font-medium text-fg hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
              >
                {t('retry')}
              </button>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

export function TypingIndicator({ label }: { label: string }) {
  return (
    <div className="flex items-center gap-1 rounded-2xl rounded-es-md bg-surface-2 px-4 py-3" role="status">
      <span className="sr-only">{label}</span>
      <span aria-hidden="true" className="parley-dot" />
      <span aria-hidden="true" className="parley-dot [animation-delay:150ms]" />
      <span aria-hidden="true" className="parley-dot [animation-delay:300ms]" />
    </div>
  );
}
