'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import { type ApiConversationRow, conversationPage } from '@/lib/contracts/admin';
import { adminApi } from '../api';
import { useSites } from '../sites';
import { buttonClass, ErrorAlert, PageHeader, useApiErrorText } from '../ui';
import { ConversationRow } from './conversation-row';
import { FilterForm } from './filter-form';
import { apiParams, datesInOrder, type Filters, filtersToSearch, readFilters } from './filters';

const PAGE = 50;

type List =
  | { phase: 'loading' }
  | { phase: 'error'; error: string }
  | { phase: 'ready'; rows: ApiConversationRow[]; next: string | null };

/** The conversations across sites, filtered from the URL, a page at a time. */
export function ConversationsView() {
  const t = useTranslations('console.conversations');
  const tc = useTranslations('console.common');
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const errorText = useApiErrorText();
  const sites = useSites();
  const filters = readFilters(new URLSearchParams(params.toString()));
  const query = apiParams(filters).toString();
  const [list, setList] = useState<List>({ phase: 'loading' });
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [attempt, setAttempt] = useState(0);

  const fetchPage = useCallback(
    (cursor: string | null, signal?: AbortSignal) => {
      const search = new URLSearchParams(query);
      search.set('limit', String(PAGE));
      if (cursor) search.set('cursor', cursor);
      return adminApi('GET', `/api/admin/conversations?${search}`, conversationPage, { signal });
    },
    [query],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the same page again.
  useEffect(() => {
    const abort = new AbortController();
    setList({ phase: 'loading' });
    setMore({ busy: false, error: null });
    fetchPage(null, abort.signal).then(
      (page) => setList({ phase: 'ready', rows: page.conversations, next: page.next }),
      (error) => {
        if (!abort.signal.aborted) setList({ phase: 'error', error: errorText(error) });
      },
    );
    return () => abort.abort();
  }, [fetchPage, attempt]);

  const loadMore = async () => {
    if (list.phase !== 'ready' || !list.next) return;
    setMore({ busy: true, error: null });
    try {
      const page = await fetchPage(list.next);
      setList({ phase: 'ready', rows: [...list.rows, ...page.conversations], next: page.next });
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error: errorText(error) });
    }
  };

  const apply = (next: Filters) => router.push(`${pathname}${filtersToSearch(next)}`, { scroll: false });
  const siteNames = new Map((sites ?? []).map((s) => [s.id, s.name]));
  const filtered = filtersToSearch(filters) !== '';
  const exportHref = (format: 'jsonl' | 'csv') => {
    const search = new URLSearchParams(query);
    search.set('format', format);
    return `/api/admin/conversations/export?${search}`;
  };

  return (
    <>
      <PageHeader
        title={t('title')}
        intro={t('intro')}
        actions={
          <>
            <a href={exportHref('jsonl')} download className={buttonClass.secondary}>
              {t('exportJsonl')}
            </a>
            <a href={exportHref('csv')} download className={buttonClass.secondary}>
              {t('exportCsv')}
            </a>
          </>
        }
      />
      <div className="mb-6 rounded-xl border border-border bg-surface p-4">
        <FilterForm filters={filters} sites={sites} onApply={apply} />
      </div>
      <p role="status" className="mb-3 text-sm text-muted">
        {list.phase === 'loading'
          ? tc('loading')
          : list.phase === 'ready'
            ? list.next
              ? t('resultsMore', { count: list.rows.length })
              : t('results', { count: list.rows.length })
            : ''}
      </p>
      {list.phase === 'error' ? (
        <div className="flex flex-col items-start gap-3">
          <ErrorAlert>{list.error}</ErrorAlert>
          <button type="button" className={buttonClass.secondary} onClick={() => setAttempt((n) => n + 1)}>
            {tc('retry')}
          </button>
        </div>
      ) : null}
      {list.phase === 'ready' && list.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border px-4 py-10 text-center text-muted">
          {filtered ? (datesInOrder(filters) ? t('empty') : t('invalidDates')) : t('emptyAll')}
        </p>
      ) : null}
      {list.phase === 'ready' && list.rows.length > 0 ? (
        <>
          <ul className="flex flex-col gap-2" aria-label={t('title')}>
            {list.rows.map((row) => (
              <ConversationRow key={row.id} row={row} siteName={siteNames.get(row.siteId)} />
            ))}
          </ul>
          {more.error ? <ErrorAlert className="mt-3">{more.error}</ErrorAlert> : null}
          {list.next ? (
            <div className="mt-4 flex justify-center">
              <button type="button" onClick={loadMore} disabled={more.busy} className={buttonClass.secondary}>
                {t('loadMore')}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}
