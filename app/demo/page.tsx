import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { DemoApi } from '@/components/embed/demo-api';
import { Snippet } from '@/components/embed/snippet';
import { I18nProvider } from '@/components/intl-provider';
import { DEFAULT_SITE_ID } from '@/db/queries/sites';
import { ownOrigin } from '@/lib/auth/request';
import { loadMessages } from '@/lib/i18n/messages';
import { requestLocale } from '@/lib/i18n/request';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Parley – embed demo' };

/**
 * The snippet to copy, how to allow a website, and the widget itself, live (the app's own origin
 * is always allowed). The allowed origins themselves are not shown: this page is public.
 */
export default async function DemoPage() {
  const locale = await requestLocale();
  const messages = await loadMessages(locale);
  const h = await headers();
  // The server's best guess; the browser replaces it with the origin it actually sees.
  const serverOrigin = ownOrigin(new Request(`http://${h.get('host') ?? 'localhost'}/`, { headers: h }));
  return (
    <I18nProvider locale={locale} messages={messages}>
      <main className="mx-auto max-w-2xl px-5 py-12 sm:py-20">
        <h1 className="text-2xl font-semibold sm:text-3xl">{messages.demo.title}</h1>
        <p className="mt-3 text-muted">{messages.demo.intro}</p>
        <Snippet serverOrigin={serverOrigin} siteId={DEFAULT_SITE_ID} />
        <section className="mt-10" aria-labelledby="allow-title">
          <h2 id="allow-title" className="text-lg font-semibold">
            {messages.demo.allowTitle}
          </h2>
          <p className="mt-3 text-muted">{messages.demo.allowText}</p>
          <pre
            dir="ltr"
            className="mt-3 whitespace-pre-wrap break-all rounded-xl border border-border bg-surface p-4 text-sm leading-relaxed"
          >
            <code>EMBED_ALLOWED_ORIGINS=https://www.example.com,https://example.com</code>
          </pre>
          <p className="mt-3 text-muted">{messages.demo.allowMissing}</p>
        </section>
        <DemoApi />
        <p className="mt-10 text-sm text-muted">{messages.demo.docs}</p>
      </main>
      {/* The page's policy admits scripts by nonce only (proxy.ts); what the loader adds, it trusts. */}
      <script src="/embed.js" data-site={DEFAULT_SITE_ID} async nonce={h.get('x-nonce') ?? undefined} />
    </I18nProvider>
  );
}
