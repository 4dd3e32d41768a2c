'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { CopyIcon } from '../identity/copy';
import { buttonClass } from '../ui';

/** The tag to paste, as the API writes it for the saved settings, with a Copy button. */
export function EmbedSnippet(props: { snippet: string; stale: boolean }) {
  const t = useTranslations('console.site');
  const code = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = setTimeout(() => setCopy('idle'), 2000);
    return () => clearTimeout(timer);
  }, [copy]);

  const copySnippet = async () => {
    try {
      await navigator.clipboard.writeText(props.snippet);
      setCopy('copied');
    } catch {
      // No clipboard (plain http, or permission denied): the snippet is selected for Ctrl+C.
      if (code.current) window.getSelection()?.selectAllChildren(code.current);
      setCopy('failed');
    }
  };

  return (
    <section aria-labelledby="site-snippet" className="rounded-xl border border-border bg-surface p-4 sm:p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h2 id="site-snippet" className="text-lg font-semibold">
            {t('snippet')}
          </h2>
          <p className="mt-1 text-sm text-muted">{t('snippetIntro')}</p>
        </div>
        <button type="button" onClick={copySnippet} className={buttonClass.secondary}>
          <CopyIcon done={copy === 'copied'} />
          {copy === 'copied' ? t('copied') : t('copy')}
        </button>
      </div>
      <pre
        dir="ltr"
        className="mt-4 overflow-x-auto rounded-lg bg-code-bg p-4 text-sm leading-relaxed break-all whitespace-pre-wrap text-code-fg"
      >
        <code ref={code} data-testid="embed-snippet">
          {props.snippet}
        </code>
      </pre>
      {props.stale ? <p className="mt-2 text-sm text-warning">{t('snippetStale')}</p> : null}
      <p role="status" className={copy === 'idle' ? 'sr-only' : 'mt-2 text-sm text-muted'}>
        {copy === 'copied' ? t('copiedStatus') : copy === 'failed' ? t('copyFailed') : ''}
      </p>
    </section>
  );
}
