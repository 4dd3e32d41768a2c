'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import { type ApiSiteRead, type IdentityAnswer, identityAnswer, siteAnswer } from '@/lib/contracts/admin';
import { AdminApiError, adminApi } from '../api';
import { SiteTabs } from '../knowledge/site-tabs';
import { BackLink, NotReady, type NotReadyState } from '../page-state';
import { useApiErrorText } from '../ui';
import { RequireSection } from './require-section';
import { SecretsSection } from './secrets-section';
import { ServerCode } from './server-code';

type Loaded = { site: ApiSiteRead; identity: IdentityAnswer };

/** A site's signed visitor identity: whether it is required, its secrets, and the code that signs. */
export function IdentityView(props: { id: string }) {
  const t = useTranslations('console.identity');
  const errorText = useApiErrorText();
  const [state, setState] = useState<Loaded | NotReadyState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the site again.
  useEffect(() => {
    const abort = new AbortController();
    const path = `/api/admin/sites/${encodeURIComponent(props.id)}`;
    Promise.all([
      adminApi('GET', path, siteAnswer, { signal: abort.signal }),
      adminApi('GET', `${path}/identity`, identityAnswer, { signal: abort.signal }),
    ]).then(
      ([{ site }, identity]) => setState({ site, identity }),
      (error) => {
        if (abort.signal.aborted) return;
        if (error instanceof AdminApiError && error.status === 404) setState({ phase: 'missing' });
        else setState({ phase: 'error', error: errorText(error) });
      },
    );
    return () => abort.abort();
  }, [props.id, attempt]);

  const back = <BackLink href="/admin/sites">{t('back')}</BackLink>;
  if ('phase' in state) {
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

  const { site, identity } = state;
  return (
    <>
      <div className="mb-4">{back}</div>
      <div className="mb-4 min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight break-words">{site.name}</h1>
        <p className="mt-1 text-sm text-muted">{t('intro')}</p>
      </div>
      <SiteTabs siteId={site.id} current="identity" />
      <div className="flex flex-col gap-6">
        <RequireSection
          site={site}
          identity={identity}
          onSaved={(saved) =>
            setState((s) =>
              'phase' in s
                ? s
                : { site: saved, identity: { ...s.identity, required: saved.settings.identityRequired } },
            )
          }
        />
        <SecretsSection
          siteId={site.id}
          identity={identity}
          onChange={(changed) => setState((s) => ('phase' in s ? s : { ...s, identity: changed }))}
        />
        <ServerCode />
      </div>
    </>
  );
}
