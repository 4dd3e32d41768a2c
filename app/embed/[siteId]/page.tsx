import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { EmbedChat } from '@/components/embed/embed-chat';
import { I18nProvider } from '@/components/intl-provider';
import { chatBranding } from '@/lib/branding';
import { accentColors } from '@/lib/color';
import { decodeSegment, lookupEmbedSite } from '@/lib/embed/frame-policy';
import { env, upstreamConfigured } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { loadMessages } from '@/lib/i18n/messages';
import { requestLocale } from '@/lib/i18n/request';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { robots: { index: false, follow: false } };

type Props = {
  params: Promise<{ siteId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * The chat of one site, as the loader's iframe shows it. Its frame-ancestors policy is set by
 * proxy.ts; the locale comes from `?locale=` (the loader's data-locale), the browser, then the
 * site's default; `?color=` is the site's accent.
 */
export default async function EmbedPage({ params, searchParams }: Props) {
  const siteId = decodeSegment((await params).siteId);
  const site = await lookupEmbedSite(siteId);
  if (site === 'unknown') notFound();
  if (site === 'unavailable') throw new ParleyError('database_unavailable');
  const locale = await requestLocale(site.defaultLocale);
  const messages = await loadMessages(locale);
  const color = (await searchParams).color;
  const accent = accentColors(
    typeof color === 'string' ? color : (site.config?.settings.launcherColor ?? null),
  );
  // The site's colour as the accent, in both colour schemes: a style element with the page's nonce
  // (proxy.ts), which the Content-Security-Policy admits. The colour is a normalized #rrggbb,
  // nothing else reaches the CSS.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  const accentCss = accent
    ? `:root:root{--parley-accent:${accent.accent};--parley-accent-contrast:${accent.contrast}}`
    : null;
  return (
    <I18nProvider locale={locale} messages={messages}>
      {accentCss && <style nonce={nonce}>{accentCss}</style>}
      <EmbedChat
        siteId={siteId}
        locale={locale}
        maxChars={env().CHAT_MAX_INPUT_CHARS}
        configured={upstreamConfigured()}
        allowedOrigins={site.allowedOrigins}
        branding={chatBranding(site.config)}
      />
    </I18nProvider>
  );
}
