'use client';

import { useFormatter, useTranslations } from 'use-intl';
import type { ApiTranscriptMessage } from '@/lib/contracts/admin';
import { focusRing, linkClass } from '../ui';

type Retrieval = NonNullable<ApiTranscriptMessage['retrieval']>;

/**
 * What an answer was given from the site's knowledge: each chunk with its number [n] (as the answer
 * cites it), where it comes from, its score and its text; the ones the answer cited are marked.
 */
export function RetrievalDetails(props: { retrieval: Retrieval }) {
  const t = useTranslations('console.transcript');
  const format = useFormatter();
  const { chunks, mode } = props.retrieval;
  const cited = chunks.filter((c) => c.cited).length;
  return (
    <details data-testid="retrieval" className="group mt-3 rounded-lg border border-border bg-bg">
      <summary
        className={`flex min-h-10 cursor-pointer list-none items-center gap-2 rounded-lg px-3 text-sm font-medium text-fg hover:bg-surface-2 ${focusRing}`}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          width="14"
          height="14"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.2"
          className="shrink-0 text-muted transition-transform group-open:rotate-90 rtl:-scale-x-100"
        >
          <path d="m9 6 6 6-6 6" />
        </svg>
        <span className="min-w-0 flex-1">{t('knowledgeSummary', { retrieved: chunks.length, cited })}</span>
        <span className="hidden text-xs font-normal text-muted sm:inline">
          {t('knowledgeMode', { mode })}
        </span>
      </summary>
      <ol className="flex flex-col divide-y divide-border border-t border-border">
        {chunks.map((chunk) => (
          <li key={chunk.id} data-testid="retrieved-chunk" className="flex gap-3 px-3 py-3 text-sm">
            <span className="w-7 shrink-0 font-mono text-xs leading-5 text-muted">[{chunk.n}]</span>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                {chunk.source ? (
                  chunk.source.url ? (
                    <a
                      href={chunk.source.url}
                      target="_blank"
                      rel="noopener noreferrer"
                      className={`${linkClass} font-medium`}
                    >
                      {chunk.source.title}
                    </a>
                  ) : (
                    <span className="font-medium text-fg">{chunk.source.title}</span>
                  )
                ) : (
                  <span className="text-muted italic">{t('deletedSince')}</span>
                )}
                {chunk.cited ? (
                  <span className="rounded-full border border-accent bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent">
                    {t('cited')}
                  </span>
                ) : null}
                <span className="ms-auto text-xs text-muted tabular-nums">
                  {t('chunkScore', { value: format.number(chunk.score, { maximumSignificantDigits: 3 }) })}
                </span>
              </div>
              {chunk.source && (chunk.source.heading || chunk.source.page !== null) ? (
                <p className="text-xs break-words text-muted">
                  {[
                    chunk.source.heading || null,
                    chunk.source.page !== null ? t('chunkPage', { page: chunk.source.page }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              ) : null}
              {chunk.source ? (
                <p className="mt-1 break-words whitespace-pre-wrap text-muted">{chunk.source.excerpt}</p>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </details>
  );
}
