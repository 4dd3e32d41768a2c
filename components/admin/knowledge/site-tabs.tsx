'use client';

import Link from 'next/link';
import { useTranslations } from 'use-intl';
import { focusRing } from '../ui';

/** A site's pages (settings, knowledge, identity) as tabs under its name (links: each has its URL). */
export function SiteTabs(props: { siteId: string; current: 'settings' | 'knowledge' | 'identity' }) {
  const t = useTranslations('console.site');
  const base = `/admin/sites/${encodeURIComponent(props.siteId)}`;
  const tabs = [
    { key: 'settings', href: base, label: t('tabSettings') },
    { key: 'knowledge', href: `${base}/knowledge`, label: t('tabKnowledge') },
    { key: 'identity', href: `${base}/identity`, label: t('tabIdentity') },
  ] as const;
  return (
    <nav aria-label={t('tabs')} className="mb-6 border-b border-border">
      <ul className="-mb-px flex gap-1">
        {tabs.map((tab) => {
          const current = tab.key === props.current;
          return (
            <li key={tab.key}>
              <Link
                href={tab.href}
                aria-current={current ? 'page' : undefined}
                className={`inline-flex min-h-10 items-center border-b-2 px-3 text-sm font-medium ${focusRing} ${
                  current
                    ? 'border-accent text-fg'
                    : 'border-transparent text-muted hover:border-border-strong hover:text-fg'
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
