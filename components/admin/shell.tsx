'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import type { ApiOwner } from '@/lib/contracts/admin';
import { adminApi, rememberCsrf, SIGNED_OUT_EVENT } from './api';
import { OwnerContext } from './owner-context';
import { buttonClass, focusRing } from './ui';

const links = [
  {
    href: '/admin',
    key: 'conversations',
    match: (p: string) => p === '/admin' || p.startsWith('/admin/conversations'),
  },
  { href: '/admin/sites', key: 'sites', match: (p: string) => p.startsWith('/admin/sites') },
  {
    href: '/admin/performance',
    key: 'performance',
    match: (p: string) => p.startsWith('/admin/performance'),
  },
  { href: '/admin/settings', key: 'settings', match: (p: string) => p.startsWith('/admin/settings') },
] as const;

/** The console's frame: a sidebar from tablet width up, a top bar below it. */
export function ConsoleShell(props: { owner: ApiOwner; children: ReactNode }) {
  const t = useTranslations('console');
  const router = useRouter();
  const pathname = usePathname();
  const [leaving, setLeaving] = useState(false);

  // A call refused for want of a session brings the login back, on the page the owner was on.
  useEffect(() => {
    const signedOut = () => router.refresh();
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
  }, [router]);

  const logOut = async () => {
    setLeaving(true);
    try {
      await adminApi('DELETE', '/api/admin/session', null);
    } catch {
      // Already ended on the server: the login comes back all the same.
    }
    rememberCsrf(null);
    router.replace('/admin');
    router.refresh();
  };

  return (
    <OwnerContext value={props.owner}>
      <div className="min-h-dvh md:flex">
        <a
          href="#console-main"
          className={`sr-only rounded-lg bg-accent px-4 py-2 text-accent-contrast focus:not-sr-only focus:fixed focus:start-2 focus:top-2 focus:z-50 ${focusRing}`}
        >
          {t('skipToContent')}
        </a>
        {/* Named: a site's page frames the chat, whose own header is a banner too (axe landmark-unique). */}
        {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: a banner landmark may be named (ARIA 1.2); Biome takes <header> for generic. */}
        <header
          aria-label={t('title')}
          className="border-b border-border bg-surface md:sticky md:top-0 md:flex md:h-dvh md:w-48 md:shrink-0 lg:w-56 md:flex-col md:border-e md:border-b-0"
        >
          <div className="flex items-center justify-between gap-3 px-4 pt-3 md:block md:px-5 md:pt-6">
            <p className="text-base font-semibold text-fg">
              {t('product')} <span className="font-normal text-muted">{t('productConsole')}</span>
            </p>
          </div>
          <nav aria-label={t('nav.label')} className="px-2 py-2 md:mt-4 md:flex-1 md:px-3">
            <ul className="flex flex-wrap gap-1 md:flex-col">
              {links.map((link) => {
                const current = link.match(pathname);
                return (
                  <li key={link.href}>
                    <Link
                      href={link.href}
                      aria-current={current ? 'page' : undefined}
                      className={`flex min-h-10 items-center rounded-lg px-3 text-sm font-medium ${focusRing} ${
                        current ? 'bg-accent text-accent-contrast' : 'text-fg hover:bg-surface-2'
                      }`}
                    >
                      {t(`nav.${link.key}`)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="flex flex-wrap items-center justify-between gap-2 border-t border-border px-4 py-3 md:block md:px-5 md:py-4">
            <p className="min-w-0 text-xs text-muted">
              {t('nav.signedInAs')}{' '}
              <span className="block truncate text-sm font-medium text-fg" data-testid="console-owner">
                {props.owner.email}
              </span>
            </p>
            <button
              type="button"
              onClick={logOut}
              disabled={leaving}
              className={`${buttonClass.secondary} md:mt-3 md:w-full`}
            >
              {leaving ? t('nav.loggingOut') : t('nav.logout')}
            </button>
          </div>
        </header>
        <main
          id="console-main"
          tabIndex={-1}
          className="min-w-0 flex-1 px-4 py-6 outline-none md:px-6 md:py-8 lg:px-8"
        >
          {props.children}
        </main>
      </div>
    </OwnerContext>
  );
}
