'use client';

import { useEffect, useMemo, useState } from 'react';
import { useTranslations } from 'use-intl';
import { type ApiSiteRead, siteAnswer } from '@/lib/contracts/admin';
import { AdminApiError, adminApi } from '../api';
import { BackLink, NotReady, type NotReadyState } from '../page-state';
import { useApiErrorText } from '../ui';
import { AddPanel } from './add-panel';
import { knowledgeCalls } from './calls';
import { RetrievalTest } from './retrieval-test';
import { SiteTabs } from './site-tabs';
import { SourcesSection } from './sources-section';
import { useSources } from './use-sources';

/** A site's knowledge: how retrieval works here, adding sources, the sources, and a test search. */
export function KnowledgeView(props: { id: string }) {
  const t = useTranslations('console.knowledge');
  const errorText = useApiErrorText();
  const calls = useMemo(() => knowledgeCalls(props.id), [props.id]);
  const sources = useSources(calls);
  const [site, setSite] = useState<ApiSiteRead | NotReadyState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the site again.
  useEffect(() => {
    const abort = new AbortController();
    adminApi('GET', `/api/admin/sites/${encodeURIComponent(props.id)}`, siteAnswer, {
      signal: abort.signal,
    }).then(
      (answer) => setSite(answer.site),
      (error) => {
        if (abort.signal.aborted) return;
        if (error instanceof AdminApiError && error.status === 404) setSite({ phase: 'missing' });
        else setSite({ phase: 'error', error: errorText(error) });
      },
    );
    return () => abort.abort();
  }, [props.id, attempt]);

  const back = <BackLink href="/admin/sites">{t('back')}</BackLink>;
  if ('phase' in site) {
    return (
      <NotReady
        state={site}
        back={back}
        heading={t('title')}
        loading={t('loading')}
        notFound={t('notFound')}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }

  const retrieval = sources.data?.retrieval;
  const add = { calls, onAdded: sources.track, announce: sources.announce };
  return (
    <>
      <div className="mb-4">{back}</div>
      <div className="mb-4 min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{site.name}</h1>
        <p className="mt-1 text-sm text-muted">{t('intro')}</p>
      </div>
      <SiteTabs siteId={site.id} current="knowledge" />
      <p role="status" className="sr-only">
        {sources.announcement}
      </p>
      {retrieval ? (
        <p
          data-testid="retrieval-mode"
          className={`mb-6 flex items-start gap-2 rounded-lg border px-3 py-2 text-sm ${
            retrieval.mode === 'hybrid' ? 'border-border bg-surface text-fg' : 'border-warning bg-bg text-fg'
          }`}
        >
          <span
            aria-hidden="true"
            className={`mt-1.5 size-2 shrink-0 rounded-full ${retrieval.mode === 'hybrid' ? 'bg-online' : 'bg-warning'}`}
          />
          {retrieval.mode === 'hybrid'
            ? t('modeHybrid', { model: retrieval.embeddingModel ?? '' })
            : t('modeFullText')}
        </p>
      ) : null}
      <div className="flex flex-col gap-6">
        <AddPanel {...add} />
        <SourcesSection calls={calls} sources={sources} />
        <RetrievalTest calls={calls} hasSources={(sources.data?.sources.length ?? 0) > 0} />
      </div>
    </>
  );
}
