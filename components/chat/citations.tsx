'use client';

import { useId } from 'react';
import { useTranslations } from 'use-intl';
import type { Citation } from '@/lib/contracts';

/** Only web addresses and Parley's own paths become links; anything else shows as text. */
function safeHref(url: string | undefined): string | null {
  if (!url) return null;
  if (/^\/(?!\/)/.test(url)) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The sources an answer cited, numbered as in its text, each a link to the page (or the PDF's page). */
export function Citations({ citations }: { citations: Citation[] }) {
  const t = useTranslations('chat');
  const label = useId();
  // A list named "Sources", not a landmark: every answer has one.
  return (
    <div className="w-full px-1">
      <p id={label} className="mb-1 text-xs font-medium text-muted">
        {t('sources')}
      </p>
      <ol aria-labelledby={label} className="flex flex-wrap gap-1.5">
        {citations.map((c) => {
          const href = safeHref(c.url);
          const text = (
            <>
              <span className="font-semibold tabular-nums">{c.n}</span>
              <span className="max-w-[16rem] truncate">{c.title}</span>
              {c.page ? <span className="text-muted">{t('sourcePage', { page: c.page })}</span> : null}
            </>
          );
          const chip =
            'inline-flex min-h-7 max-w-full items-center gap-1.5 rounded-full border border-border bg-bg px-2.5 text-xs text-fg';
          return (
            <li key={c.n} className="max-w-full" data-citation={c.n}>
              {href ? (
                <a
                  href={href}
                  target="_blank"
                  rel="noopener noreferrer nofollow"
                  className={`${chip} hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent`}
                >
                  {text}
                  <span className="sr-only">{t('opensInNewTab')}</span>
                </a>
              ) : (
                <span className={chip}>{text}</span>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
