import type { Metadata } from 'next';
import { createTranslator } from 'use-intl';
import { requestLocale } from '@/lib/i18n/request';
import { loadConsoleMessages } from './messages';

type TitleKey =
  | 'conversations.title'
  | 'performance.title'
  | 'settings.title'
  | 'sites.title'
  | 'site.title'
  | 'transcript.messagesHeading';

/** A console page's <title>, in the console's language. */
export async function consoleMetadata(key: TitleKey): Promise<Metadata> {
  const { locale, messages } = await loadConsoleMessages(await requestLocale());
  const t = createTranslator({ locale, messages, namespace: 'console' });
  return { title: `${t(key)} · ${t('title')}` };
}
