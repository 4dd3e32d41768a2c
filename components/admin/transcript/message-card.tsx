'use client';

import { useFormatter, useTranslations } from 'use-intl';
import type { ApiTranscriptMessage } from '@/lib/contracts/admin';
import { Badge, type BadgeTone, ThumbIcon } from '../ui';
import { RetrievalDetails } from './retrieval-details';

const statusTone: Record<string, BadgeTone> = {
  complete: 'muted',
  streaming: 'accent',
  stopped: 'warning',
  error: 'danger',
};
const statusKey = {
  complete: 'statusComplete',
  streaming: 'statusStreaming',
  stopped: 'statusStopped',
  error: 'statusError',
} as const;

/** One message; an answer also shows its model, time to first token, tokens, status and the vote. */
export function MessageCard(props: { message: ApiTranscriptMessage }) {
  const t = useTranslations('console.transcript');
  const tc = useTranslations('console.common');
  const format = useFormatter();
  const m = props.message;
  const answer = m.role === 'assistant';
  const who = answer ? t('assistant') : m.role === 'user' ? t('visitor') : t('system');
  const number = (n: number | null) => (n === null ? tc('noValue') : format.number(n));
  const status = m.status in statusKey ? t(statusKey[m.status as keyof typeof statusKey]) : m.status;

  return (
    <li
      data-testid="transcript-message"
      data-role={m.role}
      data-status={m.status}
      className={`rounded-xl border p-4 ${answer ? 'border-border bg-surface' : 'border-border bg-bg'}`}
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="font-semibold text-fg">{who}</span>
        <time dateTime={m.createdAt} className="text-muted">
          {format.dateTime(new Date(m.createdAt), { dateStyle: 'medium', timeStyle: 'medium' })}
        </time>
      </div>
      <p className="text-base break-words whitespace-pre-wrap text-fg">
        {m.content || <span className="text-muted">{t('empty')}</span>}
      </p>
      {answer ? (
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 border-t border-border pt-3 text-sm sm:grid-cols-3 xl:grid-cols-6">
          <div className="min-w-0">
            <dt className="text-muted">{t('model')}</dt>
            <dd className="truncate font-mono text-xs leading-5">{m.model ?? tc('noValue')}</dd>
          </div>
          <div>
            <dt className="text-muted">{t('ttft')}</dt>
            <dd>{m.ttftMs === null ? tc('noValue') : tc('ms', { value: m.ttftMs })}</dd>
          </div>
          <div>
            <dt className="text-muted">{t('tokens')}</dt>
            <dd>{t('tokensValue', { in: number(m.promptTokens), out: number(m.completionTokens) })}</dd>
          </div>
          <div>
            <dt className="text-muted">{t('status')}</dt>
            <dd>
              <Badge tone={statusTone[m.status] ?? 'muted'}>{status}</Badge>
            </dd>
          </div>
          <div>
            <dt className="text-muted">{t('errorCode')}</dt>
            <dd className={m.errorCode ? 'font-mono text-xs leading-5 text-danger' : ''}>
              {m.errorCode ?? tc('noValue')}
            </dd>
          </div>
          <div className="col-span-2 sm:col-span-1">
            <dt className="text-muted">{t('feedback')}</dt>
            <dd data-testid="feedback">
              {m.feedback ? (
                <span className="inline-flex items-center gap-1">
                  <ThumbIcon direction={m.feedback.rating} />
                  {m.feedback.rating === 'up' ? t('feedbackUp') : t('feedbackDown')}
                </span>
              ) : (
                t('noFeedback')
              )}
            </dd>
          </div>
          {m.feedback?.comment ? (
            <div className="col-span-full">
              <dt className="text-muted">{t('feedbackComment')}</dt>
              <dd>
                <blockquote className="border-s-2 border-border ps-3 break-words whitespace-pre-wrap italic">
                  {m.feedback.comment}
                </blockquote>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {answer && m.retrieval ? <RetrievalDetails retrieval={m.retrieval} /> : null}
    </li>
  );
}
