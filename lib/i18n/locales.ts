import { match } from '@formatjs/intl-localematcher';
import { LOCALE_TAG } from '@/lib/contracts';

/** Every locale the chat, the widget and the error messages are translated into. */
export const locales = [
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'nl',
  'pl',
  'tr',
  'ja',
  'zh',
  'ar',
  'he',
] as const;
export type Locale = (typeof locales)[number];

const rtl = new Set<string>(['ar', 'he']);

export function isLocale(value: string | null | undefined): value is Locale {
  return !!value && (locales as readonly string[]).includes(value);
}

export function direction(locale: string): 'rtl' | 'ltr' {
  return rtl.has(locale.split('-')[0]) ? 'rtl' : 'ltr';
}

/** Parses an Accept-Language header into tags, best first. */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((item) => item.tag && item.tag !== '*' && item.q > 0 && Number.isFinite(item.q))
    .sort((a, b) => b.q - a.q)
    .map((item) => item.tag);
}

/** The first of the requested tags that Parley speaks (zh-CN → zh, pt-BR → pt), else the fallback. */
export function negotiate(requested: Array<string | null | undefined>, fallback: string): Locale {
  const tags = requested.filter((tag): tag is string => !!tag && LOCALE_TAG.test(tag));
  const safeFallback: Locale = isLocale(fallback) ? fallback : 'en';
  if (tags.length === 0) return safeFallback;
  try {
    const found = match(tags, locales as unknown as string[], safeFallback, { algorithm: 'best fit' });
    return isLocale(found) ? found : safeFallback;
  } catch {
    return safeFallback;
  }
}
