'use client';

import { useFormatter, useNow, useTranslations } from 'use-intl';
import type { ApiSource } from '@/lib/contracts/knowledge';

/** What a source is, in the owner's words: a sitemap source reads a whole website. */
export function typeKey(source: Pick<ApiSource, 'type' | 'crawl'>) {
  if (source.type === 'url') return source.crawl === 'sitemap' ? 'typeSitemap' : 'typeUrl';
  return ({ file: 'typeFile', text: 'typeText', qa: 'typeQa' } as const)[source.type];
}

const icons = {
  typeFile: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8l-5-5Zm0 0v5h5M9 13h6M9 17h4',
  typeUrl:
    'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  typeSitemap:
    'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm-9 9h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3Z',
  typeText: 'M4 6h16M4 10h16M4 14h10M4 18h7',
  typeQa:
    'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.4A8 8 0 1 1 21 12ZM9.5 9.5a2.5 2.5 0 1 1 3.3 2.4c-.5.2-.8.6-.8 1.1v.5M12 16h.01',
} as const;

/** A source's type as an icon in a tile, for lists; its name is given beside it. */
export function TypeIcon(props: { source: Pick<ApiSource, 'type' | 'crawl'> }) {
  return (
    <span
      aria-hidden="true"
      className="grid size-9 shrink-0 place-items-center rounded-lg border border-border bg-bg text-muted"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="18"
        height="18"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d={icons[typeKey(props.source)]} />
      </svg>
    </span>
  );
}

/** "3 minutes ago", with the date and time itself in a tooltip and in the markup. */
export function RelativeTime(props: { iso: string }) {
  const format = useFormatter();
  const now = useNow({ updateInterval: 30_000 });
  const date = new Date(props.iso);
  return (
    <time dateTime={props.iso} title={format.dateTime(date, { dateStyle: 'medium', timeStyle: 'short' })}>
      {format.relativeTime(date, now)}
    </time>
  );
}

const statusKey = {
  pending: 'statusPending',
  indexing: 'statusIndexing',
  ready: 'statusReady',
  error: 'statusError',
} as const;

const statusStyle = {
  pending: 'border-border text-muted',
  indexing: 'border-accent text-accent',
  ready: 'border-border text-fg',
  error: 'border-danger text-danger',
} as const;

const dotStyle = {
  pending: 'bg-border-strong',
  indexing: 'bg-accent motion-safe:animate-pulse',
  ready: 'bg-online',
  error: 'bg-danger',
} as const;

const progressClass =
  'h-1.5 w-28 max-w-full appearance-none overflow-hidden rounded-full bg-surface-2 [&::-moz-progress-bar]:bg-accent [&::-webkit-progress-bar]:bg-surface-2 [&::-webkit-progress-value]:rounded-full [&::-webkit-progress-value]:bg-accent';

/** A source's status: a badge, the indexing progress, and why it failed or what it skipped. */
export function SourceStatus(props: { source: ApiSource }) {
  const t = useTranslations('console.knowledge');
  const { status, progress, error, title } = props.source;
  return (
    <div className="flex min-w-0 flex-col items-start gap-1.5" data-testid="source-status">
      <span
        className={`inline-flex items-center gap-1.5 rounded-full border bg-bg px-2 py-0.5 text-xs font-medium whitespace-nowrap ${statusStyle[status]}`}
      >
        <span aria-hidden="true" className={`size-1.5 rounded-full ${dotStyle[status]}`} />
        {t(statusKey[status])}
      </span>
      {status === 'indexing' && progress.total > 0 ? (
        <span className="flex items-center gap-2 text-xs text-muted">
          <progress
            className={progressClass}
            max={progress.total}
            value={progress.done}
            aria-label={t('progressLabel', { title })}
          />
          <span className="whitespace-nowrap tabular-nums">
            {t('progress', { done: progress.done, total: progress.total })}
          </span>
        </span>
      ) : null}
      {error && status === 'error' ? <p className="text-xs break-words text-danger">{error}</p> : null}
      {error && status === 'ready' ? (
        <p className="text-xs break-words text-warning">{t('warning', { message: error })}</p>
      ) : null}
    </div>
  );
}

/** The score of a ranked chunk: small fractions (fused ranks) keep three significant digits. */
export function useScore() {
  const format = useFormatter();
  return (value: number) => format.number(value, { maximumSignificantDigits: 3 });
}
