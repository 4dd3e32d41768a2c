'use client';

import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import type { SearchResult } from '@/lib/contracts/knowledge';
import { buttonClass, cardClass, ErrorAlert, inputClass, useApiErrorText } from '../ui';
import type { KnowledgeCalls } from './calls';
import { useScore } from './source-bits';

type Hit = SearchResult['hits'][number];
const LONG = 360;

/** Asks the search what it would give an answer for a question, with each chunk's scores. */
export function RetrievalTest(props: { calls: KnowledgeCalls; hasSources: boolean }) {
  const t = useTranslations('console.knowledge');
  const errorText = useApiErrorText();
  const id = useId();
  const abort = useRef<AbortController | null>(null);
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ q: string; data: SearchResult } | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const query = q.trim();
    if (!query) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setError(null);
    try {
      setResult({ q: query, data: await props.calls.search(query, controller.signal) });
    } catch (caught) {
      if (!controller.signal.aborted) setError(errorText(caught));
    } finally {
      if (abort.current === controller) setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} className={`${cardClass} p-4 sm:p-6`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {t('test')}
      </h2>
      <p className="mt-1 text-sm text-muted">{t('testIntro')}</p>
      <form onSubmit={search} className="mt-4 flex flex-col gap-2 sm:flex-row">
        <label htmlFor={`${id}-q`} className="sr-only">
          {t('testQuery')}
        </label>
        <input
          id={`${id}-q`}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('testQuery')}
          maxLength={2000}
          className={inputClass}
        />
        <button type="submit" disabled={busy || !q.trim()} className={buttonClass.primary}>
          {busy ? t('searching') : t('testButton')}
        </button>
      </form>
      {!props.hasSources ? <p className="mt-3 text-sm text-muted">{t('testNoSources')}</p> : null}
      {error ? <ErrorAlert className="mt-4">{error}</ErrorAlert> : null}
      <div role="status" className="mt-4 text-sm text-muted">
        {result
          ? result.data.hits.length === 0
            ? t('noHits', { q: result.q })
            : t('hits', { count: result.data.hits.length, q: result.q, mode: result.data.mode })
          : ''}
      </div>
      {result && result.data.hits.length > 0 ? (
        <ol aria-label={t('hitsLabel')} className="mt-3 flex flex-col gap-3">
          {result.data.hits.map((hit, index) => (
            <HitCard key={hit.id} hit={hit} rank={index + 1} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function HitCard(props: { hit: Hit; rank: number }) {
  const t = useTranslations('console.knowledge');
  const score = useScore();
  const { hit } = props;
  const [open, setOpen] = useState(false);
  const long = hit.content.length > LONG;
  const where = [hit.title && hit.title !== hit.sourceTitle ? hit.title : null, hit.heading || null]
    .filter(Boolean)
    .join(' › ');
  return (
    <li data-testid="hit" className="rounded-lg border border-border bg-bg p-3 sm:p-4">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
        <span className="grid size-7 shrink-0 place-items-center rounded-full bg-accent-soft text-sm font-semibold text-accent">
          <span className="sr-only">{t('rank', { n: props.rank })}</span>
          <span aria-hidden="true">{props.rank}</span>
        </span>
        <div className="min-w-0 flex-1 basis-56">
          <p className="font-medium break-words text-fg">{hit.sourceTitle}</p>
          {where || hit.page !== null ? (
            <p className="text-xs break-words text-muted">
              {[where || null, hit.page !== null ? t('page', { page: hit.page }) : null]
                .filter(Boolean)
                .join(' · ')}
            </p>
          ) : null}
        </div>
        <dl className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted tabular-nums">
          {(
            [
              ['score', hit.score],
              ['fullTextScore', hit.fullTextScore],
              ['vectorScore', hit.vectorScore],
            ] as const
          ).map(([key, value]) =>
            value === null ? null : (
              <div key={key} className="flex gap-1">
                <dt>{t(key)}</dt>
                <dd className={key === 'score' ? 'font-semibold text-fg' : 'text-fg'}>{score(value)}</dd>
              </div>
            ),
          )}
        </dl>
      </div>
      <p className="mt-2 text-sm break-words whitespace-pre-wrap text-fg">
        {long && !open ? `${hit.content.slice(0, LONG).trimEnd()}…` : hit.content}
      </p>
      {long ? (
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          className={`${buttonClass.secondary} mt-2 min-h-8 px-3 text-xs`}
        >
          {open ? t('showLess') : t('showMore')}
        </button>
      ) : null}
    </li>
  );
}
