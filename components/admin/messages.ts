import en from '@/messages/console/en.json';

/** The console's strings: English is complete; another locale's file, where there is one, goes over it. */
export type ConsoleMessages = typeof en;

type Tree = { [key: string]: string | Tree };

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = base[key];
    out[key] = typeof value === 'object' && typeof below === 'object' ? merge(below, value) : value;
  }
  return out;
}

/**
 * The console's language and strings for a visitor-negotiated locale. Without a file of its own,
 * a locale gets the English console, marked as English (so screen readers read it as such).
 */
export async function loadConsoleMessages(
  locale: string,
): Promise<{ locale: string; messages: ConsoleMessages }> {
  if (locale === 'en') return { locale, messages: en };
  try {
    const mod = (await import(`@/messages/console/${locale}.json`)) as { default: Tree };
    return { locale, messages: merge(en, mod.default) as ConsoleMessages };
  } catch {
    return { locale: 'en', messages: en };
  }
}
