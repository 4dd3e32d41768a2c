'use client';

import { useTranslations } from 'use-intl';
import type { ApiSource } from '@/lib/contracts/knowledge';
import { buttonClass, focusRing, linkClass } from '../ui';
import { RelativeTime, SourceStatus, TypeIcon, typeKey } from './source-bits';

export type RowActions = {
  sync: (source: ApiSource) => void;
  remove: (source: ApiSource) => void;
  /** The source whose Sync now is on its way. */
  syncing: string | null;
};

const busy = (s: ApiSource) => s.status === 'pending' || s.status === 'indexing';

/** The source's title, its kind, and for a web source its address (in a new tab). */
function Title({ source }: { source: ApiSource }) {
  const t = useTranslations('console.knowledge');
  return (
    <div className="flex min-w-0 items-start gap-3">
      <TypeIcon source={source} />
      <div className="min-w-0">
        <p className="font-medium break-words text-fg">{source.title}</p>
        <p className="text-xs text-muted">{t(typeKey(source))}</p>
        {source.url ? (
          <a
            href={source.url}
            target="_blank"
            rel="noopener noreferrer"
            className={`${linkClass} block truncate text-xs`}
          >
            {source.url}
            <span className="sr-only"> {t('opensInNewTab')}</span>
          </a>
        ) : null}
      </div>
    </div>
  );
}

function Synced({ source }: { source: ApiSource }) {
  const t = useTranslations('console.knowledge');
  return source.syncedAt ? (
    <RelativeTime iso={source.syncedAt} />
  ) : (
    <span className="text-muted">{t('notYet')}</span>
  );
}

function NextSync({ source }: { source: ApiSource }) {
  const t = useTranslations('console.knowledge');
  if (source.type !== 'url') return null;
  return (
    <span data-testid="next-sync">
      {source.nextSyncAt ? <RelativeTime iso={source.nextSyncAt} /> : t('noSchedule')}
    </span>
  );
}

function Actions({ source, actions }: { source: ApiSource; actions: RowActions }) {
  const t = useTranslations('console.knowledge');
  return (
    <div className="flex flex-wrap gap-2 xl:flex-nowrap xl:justify-end">
      <button
        type="button"
        aria-label={t('syncNamed', { title: source.title })}
        disabled={busy(source) || actions.syncing === source.id}
        onClick={() => actions.sync(source)}
        className={`${buttonClass.secondary} min-h-9 px-3`}
      >
        {t('syncNow')}
      </button>
      <button
        type="button"
        aria-label={t('deleteNamed', { title: source.title })}
        onClick={() => actions.remove(source)}
        className={`inline-flex min-h-9 items-center rounded-lg border border-border bg-bg px-3 text-sm font-medium text-danger hover:border-danger hover:bg-surface-2 ${focusRing}`}
      >
        {t('delete')}
      </button>
    </div>
  );
}

/**
 * The sources: a table on a wide screen, a card each below 1280 px, where the console's sidebar
 * leaves too little room for the table (the one not shown is hidden from assistive technology too).
 */
export function SourcesTable(props: { sources: ApiSource[]; actions: RowActions }) {
  const t = useTranslations('console.knowledge');
  const { sources, actions } = props;
  return (
    <>
      <table className="hidden w-full text-start text-sm xl:table">
        <caption className="sr-only">{t('sources')}</caption>
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            {[t('colTitle'), t('colStatus'), t('colChunks'), t('colSynced')].map((label) => (
              <th key={label} scope="col" className="px-3 py-2 text-start font-medium">
                {label}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-end font-medium">
              <span className="sr-only">{t('colActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr
              key={source.id}
              data-testid="source-row"
              className="border-b border-border align-top last:border-b-0"
            >
              <th scope="row" className="max-w-96 px-3 py-3 text-start font-normal">
                <Title source={source} />
              </th>
              <td className="w-52 px-3 py-3">
                <SourceStatus source={source} />
              </td>
              <td className="px-3 py-3 tabular-nums">{source.chunks}</td>
              <td className="px-3 py-3 whitespace-nowrap">
                <Synced source={source} />
                {source.type === 'url' && source.nextSyncAt ? (
                  <p className="mt-0.5 text-xs text-muted">
                    {t('colNextSync')} <NextSync source={source} />
                  </p>
                ) : null}
              </td>
              <td className="px-3 py-3">
                <Actions source={source} actions={actions} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul aria-label={t('sources')} className="grid gap-3 lg:grid-cols-2 xl:hidden">
        {sources.map((source) => (
          <li
            key={source.id}
            data-testid="source-card"
            className="flex flex-col gap-3 rounded-lg border border-border bg-bg p-3"
          >
            <Title source={source} />
            <SourceStatus source={source} />
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
              <div>
                <dt className="text-xs text-muted">{t('colChunks')}</dt>
                <dd className="tabular-nums">{source.chunks}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted">{t('colSynced')}</dt>
                <dd>
                  <Synced source={source} />
                </dd>
              </div>
              {source.type === 'url' ? (
                <div>
                  <dt className="text-xs text-muted">{t('colNextSync')}</dt>
                  <dd>
                    <NextSync source={source} />
                  </dd>
                </div>
              ) : null}
            </dl>
            <Actions source={source} actions={actions} />
          </li>
        ))}
      </ul>
    </>
  );
}
