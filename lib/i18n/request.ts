import { headers } from 'next/headers';
import { env } from '@/lib/env';
import { acceptedLanguages, type Locale, negotiate } from './locales';

/** The page's locale: the loader's data-locale, then the browser's languages, then the default. */
export async function requestLocale(siteDefault?: string): Promise<Locale> {
  const h = await headers();
  return negotiate(
    [h.get('x-parley-locale'), ...acceptedLanguages(h.get('accept-language'))],
    siteDefault ?? env().DEFAULT_LOCALE,
  );
}
