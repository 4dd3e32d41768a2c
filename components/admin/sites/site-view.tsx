'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import { type ApiSiteRead, siteAnswer } from '@/lib/contracts/admin';
import { AdminApiError, adminApi } from '../api';
import { ConfirmDialog } from '../confirm-dialog';
import { SiteTabs } from '../knowledge/site-tabs';
import { BackLink, NotReady } from '../page-state';
import { buttonClass, useApiErrorText } from '../ui';
import { SiteEditor } from './site-editor';

type State =
  | { phase: 'loading' }
  | { phase: 'missing' }
  | { phase: 'error'; error: string }
  | { phase: 'ready'; site: ApiSiteRead };

/** One site: its settings, snippet and preview, and its deletion. */
export function SiteView(props: { id: string }) {
  const t = useTranslations('console.site');
  const router = useRouter();
  const errorText = useApiErrorText();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [deleting, setDeleting] = useState<{ busy: boolean; error: string | null } | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the site again.
  useEffect(() => {
    const abort = new AbortController();
    adminApi('GET', `/api/admin/sites/${encodeURIComponent(props.id)}`, siteAnswer, {
      signal: abort.signal,
    }).then(
      ({ site }) => setState({ phase: 'ready', site }),
      (error) => {
        if (abort.signal.aborted) return;
        if (error instanceof AdminApiError && error.status === 404) setState({ phase: 'missing' });
        else setState({ phase: 'error', error: errorText(error) });
      },
    );
    return () => abort.abort();
  }, [props.id, attempt]);

  const remove = async () => {
    setDeleting({ busy: true, error: null });
    try {
      await adminApi('DELETE', `/api/admin/sites/${encodeURIComponent(props.id)}`, null);
      router.push(`/admin/sites?deleted=${encodeURIComponent(props.id)}`);
    } catch (error) {
      // The default site is refused (409): the API's own words say why.
      const text =
        error instanceof AdminApiError && error.code === 'conflict' ? error.message : errorText(error);
      setDeleting({ busy: false, error: text });
    }
  };

  const back = <BackLink href="/admin/sites">{t('back')}</BackLink>;

  if (state.phase !== 'ready') {
    return (
      <NotReady
        state={state}
        back={back}
        heading={t('title')}
        loading={t('loading')}
        notFound={t('notFound')}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }

  const { site } = state;
  return (
    <>
      <div className="mb-4">{back}</div>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{site.name}</h1>
          <p className="mt-1 text-sm text-muted">
            {t('idLabel')} <code className="font-mono text-xs text-fg">{site.id}</code>
          </p>
        </div>
        <button
          type="button"
          className={buttonClass.danger}
          onClick={() => setDeleting({ busy: false, error: null })}
        >
          {t('delete')}
        </button>
      </div>
      <SiteTabs siteId={site.id} current="settings" />
      <SiteEditor site={site} onSaved={(saved) => setState({ phase: 'ready', site: saved })} />
      <ConfirmDialog
        open={deleting !== null}
        title={t('deleteTitle', { name: site.name })}
        body={t('deleteBody')}
        confirmLabel={t('deleteConfirm')}
        busyLabel={t('deleting')}
        busy={deleting?.busy ?? false}
        error={deleting?.error}
        onConfirm={remove}
        onCancel={() => setDeleting(null)}
      />
    </>
  );
}
