import type { Metadata } from 'next';
import { HostedChat } from '@/components/chat/hosted-chat';
import { I18nProvider } from '@/components/intl-provider';
import { DEFAULT_SITE_ID } from '@/db/queries/sites';
import { siteBranding } from '@/lib/branding';
import { env, upstreamConfigured } from '@/lib/env';
import { loadMessages } from '@/lib/i18n/messages';
import { requestLocale } from '@/lib/i18n/request';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const title = (await siteBranding()).title ?? (await loadMessages(await requestLocale())).chat.defaultTitle;
  return { title };
}

export default async function Home() {
  const locale = await requestLocale();
  const messages = await loadMessages(locale);
  return (
    <I18nProvider locale={locale} messages={messages}>
      <HostedChat
        siteId={DEFAULT_SITE_ID}
        locale={locale}
        maxChars={env().CHAT_MAX_INPUT_CHARS}
        configured={upstreamConfigured()}
        branding={await siteBranding()}
      />
    </I18nProvider>
  );
}
