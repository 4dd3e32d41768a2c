import type { Locale } from './locales';

export type Messages = typeof import('@/messages/en.json');

/** Loads one locale's strings on the server; the client receives only that locale. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  const mod = (await import(`@/messages/${locale}.json`)) as { default: Messages };
  return mod.default;
}
