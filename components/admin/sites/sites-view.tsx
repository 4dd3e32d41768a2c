'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useFormatter, useTranslations } from 'use-intl';
import { normalizeHex, readableTextColor } from '@/lib/color';
import { type ApiSiteRead, siteList } from '@/lib/contracts/admin';
import { useList } from '../settings/use-list';
import { Badge, cardClass, ErrorAlert, focusRing, PageHeader } from '../ui';
import { NewSiteForm } from './new-site-form';

/** Every site, each linking to its settings, and the form that adds one. */
export function SitesView() {
  const t = useTranslations('console.sites');
  const tc = useTranslations('console.common');
  const { data, error } = useList('/api/admin/sites', siteList);
  const deleted = useSearchParams().get('deleted');

  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} />
      <p role="status" className={deleted ? 'mb-4 text-sm text-fg' : 'sr-only'}>
        {deleted ? t('deleted', { id: deleted }) : ''}
      </p>
      <div className="flex flex-col gap-8">
        <section aria-labelledby="sites-heading">
          <h2 id="sites-heading" className="sr-only">
            {t('listLabel')}
          </h2>
          {error ? <ErrorAlert>{error}</ErrorAlert> : null}
          {data === null && !error ? <p className="text-sm text-muted">{tc('loading')}</p> : null}
          {data ? (
            <ul aria-labelledby="sites-heading" className="grid gap-3 lg:grid-cols-2">
              {data.sites.map((site) => (
                <SiteRow key={site.id} site={site} />
              ))}
            </ul>
          ) : null}
        </section>
        <NewSiteForm />
      </div>
    </>
  );
}

function SiteRow({ site }: { site: ApiSiteRead }) {
  const t = useTranslations('console.sites');
  const format = useFormatter();
  const own = Object.entries(site.sources).filter(([key, source]) => key !== 'name' && source === 'console');
  const origins = site.settings.allowedOrigins.length;
  const color = normalizeHex(site.settings.launcherColor) ?? '#4338ca';
  return (
    <li>
      <Link
        href={`/admin/sites/${encodeURIComponent(site.id)}`}
        className={`flex h-full flex-col gap-3 ${cardClass} p-4 hover:border-border-strong hover:bg-surface-2 ${focusRing}`}
      >
        <div className="flex items-start gap-3">
          <span
            aria-hidden="true"
            className="grid size-10 shrink-0 place-items-center rounded-full text-base font-semibold"
            style={{ backgroundColor: color, color: readableTextColor(color) }}
          >
            {(site.name.trim()[0] ?? site.id[0]).toUpperCase()}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block truncate font-semibold text-fg">{site.name}</span>
            <span className="block truncate font-mono text-xs leading-5 text-muted">{site.id}</span>
          </span>
          <span aria-hidden="true" className="text-muted rtl:rotate-180">
            →
          </span>
        </div>
        <span className="flex flex-wrap gap-1.5">
          <Badge tone={origins === 0 ? 'warning' : 'muted'}>{t('origins', { count: origins })}</Badge>
          <Badge tone={own.length > 0 ? 'accent' : 'muted'}>{t('custom', { count: own.length })}</Badge>
        </span>
        <span className="flex flex-wrap gap-x-4 gap-y-0.5 text-sm text-muted">
          <span>{t('model', { model: site.settings.model })}</span>
          <span>
            {t('updated', { date: format.dateTime(new Date(site.updatedAt), { dateStyle: 'medium' }) })}
          </span>
        </span>
      </Link>
    </li>
  );
}
