import Link from 'next/link';
import { createTranslator } from 'use-intl';
import { loadMessages } from '@/lib/i18n/messages';
import { requestLocale } from '@/lib/i18n/request';

/** Any address that leads nowhere (also one the server could not read): Parley's own page, translated. */
export default async function NotFound() {
  const locale = await requestLocale();
  const t = createTranslator({ locale, messages: await loadMessages(locale), namespace: 'setup' });
  return (
    <main className="grid min-h-dvh place-items-center bg-bg p-6 text-center text-fg">
      <div className="max-w-sm">
        <h1 className="text-lg font-semibold">{t('notFoundTitle')}</h1>
        <p className="mt-2 text-muted">{t('notFoundBody')}</p>
        <p className="mt-5">
          <Link
            href="/"
            className="inline-flex min-h-10 items-center rounded-full bg-accent px-4 font-medium text-accent-contrast hover:opacity-90"
          >
            {t('notFoundLink')}
          </Link>
        </p>
      </div>
    </main>
  );
}
