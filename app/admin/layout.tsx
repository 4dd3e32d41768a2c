import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { consoleAccess } from '@/components/admin/access';
import { loadConsoleMessages } from '@/components/admin/messages';
import { ConsoleShell } from '@/components/admin/shell';
import { SignIn } from '@/components/admin/sign-in';
import { I18nProvider } from '@/components/intl-provider';
import { direction } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Parley console', robots: { index: false, follow: false } };

/**
 * Every page of /admin: the console for an owner with a session; otherwise, in the page's place,
 * the login (or the first owner's setup), so a shared link opens on the right page after logging in.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { locale, messages } = await loadConsoleMessages(await requestLocale());
  const access = await consoleAccess();
  return (
    <I18nProvider locale={locale} messages={messages}>
      <div lang={locale} dir={direction(locale)} className="min-h-dvh bg-bg text-fg">
        {access.kind === 'owner' ? (
          <ConsoleShell owner={access.owner}>{children}</ConsoleShell>
        ) : (
          <SignIn mode={access.kind} />
        )}
      </div>
    </I18nProvider>
  );
}
