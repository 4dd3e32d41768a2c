'use client';

import { useState } from 'react';
import { useTranslations } from 'use-intl';
import type { ApiSource } from '@/lib/contracts/knowledge';
import { AdminApiError } from '../api';
import { ConfirmDialog } from '../confirm-dialog';
import { buttonClass, cardClass, ErrorAlert, useApiErrorText } from '../ui';
import type { KnowledgeCalls } from './calls';
import { SourcesTable } from './sources-table';
import type { Sources } from './use-sources';

/** The site's sources with their status, Sync now and Delete (after a confirmation). */
export function SourcesSection(props: { calls: KnowledgeCalls; sources: Sources }) {
  const t = useTranslations('console.knowledge');
  const tc = useTranslations('console.common');
  const errorText = useApiErrorText();
  const { data, error, reload, announce } = props.sources;
  const [syncing, setSyncing] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ source: ApiSource; busy: boolean; error: string | null } | null>(
    null,
  );

  const sync = async (source: ApiSource) => {
    setSyncing(source.id);
    setActionError(null);
    try {
      await props.calls.sync(source.id);
      announce(t('syncRequested', { title: source.title }));
    } catch (caught) {
      setActionError(errorText(caught));
    } finally {
      setSyncing(null);
      props.sources.track(source.id);
    }
  };

  const remove = async () => {
    if (!deleting) return;
    const { source } = deleting;
    setDeleting({ source, busy: true, error: null });
    try {
      await props.calls.remove(source.id);
    } catch (caught) {
      // Gone already (another tab): what the owner wanted.
      if (!(caught instanceof AdminApiError && caught.status === 404)) {
        setDeleting({ source, busy: false, error: errorText(caught) });
        return;
      }
    }
    setDeleting(null);
    announce(t('deleted', { title: source.title }));
    reload();
  };

  const count = data?.sources.length ?? 0;
  const indexing = data?.sources.some((s) => s.status === 'pending' || s.status === 'indexing') ?? false;
  return (
    <section aria-labelledby="sources-heading" className={`${cardClass} p-4 sm:p-6`}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="sources-heading" className="text-lg font-semibold">
          {t('sources')}
        </h2>
        {data ? <p className="text-sm text-muted">{t('sourceCount', { count })}</p> : null}
      </div>
      {indexing ? <p className="mt-1 text-sm text-muted">{t('busyNote')}</p> : null}
      {error ? (
        <div className="mt-4 flex flex-col items-start gap-3">
          <ErrorAlert>{error.text}</ErrorAlert>
          <button type="button" className={buttonClass.secondary} onClick={reload}>
            {tc('retry')}
          </button>
        </div>
      ) : null}
      {actionError ? <ErrorAlert className="mt-4">{actionError}</ErrorAlert> : null}
      {data === null && !error ? <p className="mt-4 text-sm text-muted">{tc('loading')}</p> : null}
      {data && count === 0 ? (
        <p className="mt-4 rounded-lg border border-dashed border-border-strong bg-bg px-4 py-8 text-center text-sm text-muted">
          {t('empty')}
        </p>
      ) : null}
      {data && count > 0 ? (
        <div className="mt-4 xl:rounded-lg xl:border xl:border-border xl:bg-bg">
          <SourcesTable
            sources={data.sources}
            actions={{ sync, remove: (source) => setDeleting({ source, busy: false, error: null }), syncing }}
          />
        </div>
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? t('deleteTitle', { title: deleting.source.title }) : ''}
        body={t('deleteBody')}
        confirmLabel={t('deleteConfirm')}
        busyLabel={t('deleting')}
        busy={deleting?.busy ?? false}
        error={deleting?.error}
        onConfirm={remove}
        onCancel={() => setDeleting(null)}
      />
    </section>
  );
}
