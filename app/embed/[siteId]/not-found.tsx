import { headers } from 'next/headers';
import { createTranslator } from 'use-intl';
import { SITE_HEADER } from '@/lib/embed/frame-policy';
import { loadMessages } from '@/lib/i18n/messages';
import { requestLocale } from '@/lib/i18n/request';

/** An unknown site id: say so, in the visitor's language, instead of showing a broken widget. */
export default async function UnknownSite() {
  const encoded = (await headers()).get(SITE_HEADER) ?? '';
  let site = encoded;
  try {
    site = decodeURIComponent(encoded);
  } catch {
    // Keep it encoded: it is only shown.
  }
  const locale = await requestLocale();
  const t = createTranslator({ locale, messages: await loadMessages(locale), namespace: 'setup' });
  return (
    <main className="grid min-h-dvh place-items-center bg-bg p-6 text-center text-fg">
      <div role="alert" className="max-w-sm">
        <h1 className="text-lg font-semibold">{t('unknownSiteTitle')}</h1>
        <p className="mt-2 text-muted">{t('unknownSiteBody', { site: site.slice(0, 80) })}</p>
      </div>
    </main>
  );
}
