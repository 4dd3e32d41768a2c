import { headers } from 'next/headers';
import { env } from '@/lib/env';
import { acceptedLanguages, type Locale, negotiate } from './locales';

/** Set by proxy.ts on an embed page: the site's default locale. */
export const SITE_LOCALE_HEADER = 'x-parley-site-locale';

/**
 * The page's locale: the loader's data-locale, then the browser's languages, then the site's
 * default (on an embed page), then the app's.
 */
export async function requestLocale(siteDefault?: string): Promise<Locale> {
  const h = await headers();
  return negotiate(
    [h.get('x-parley-locale'), ...acceptedLanguages(h.get('accept-language'))],
    siteDefault ?? h.get(SITE_LOCALE_HEADER) ?? env().DEFAULT_LOCALE,
  );
}
