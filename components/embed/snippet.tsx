'use client';

import { useId, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'use-intl';

const noSubscribe = () => () => {};

/** The embed snippet for this app's origin, as the browser sees it, with a Copy button. */
export function Snippet(props: { serverOrigin: string; siteId: string }) {
  const t = useTranslations('demo');
  const origin = useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => props.serverOrigin,
  );
  const [copied, setCopied] = useState(false);
  const codeRef = useRef<HTMLElement>(null);
  const labelId = useId();
  const snippet = `<script src="${origin}/embed.js" data-site="${props.siteId}" async></script>`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (plain http, or permission denied): select it for Ctrl+C instead.
      const code = codeRef.current;
      if (code) window.getSelection()?.selectAllChildren(code);
    }
  };

  return (
    <figure className="mt-6" aria-labelledby={labelId}>
      <figcaption className="mb-2 flex items-center justify-between gap-4">
        <span className="text-sm font-medium" id={labelId}>
          {t('snippetLabel')}
        </span>
        <button
          type="button"
          onClick={copy}
          className="rounded-lg border border-border bg-surface px-3 py-1.5 text-sm font-medium hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        >
          {copied ? t('copied') : t('copy')}
        </button>
      </figcaption>
      <pre
        dir="ltr"
        className="whitespace-pre-wrap break-all rounded-xl border border-border bg-surface p-4 text-sm leading-relaxed"
      >
        <code ref={codeRef}>{snippet}</code>
      </pre>
      <p className="sr-only" aria-live="polite">
        {copied ? t('copied') : ''}
      </p>
    </figure>
  );
}
