'use client';

import { useRef } from 'react';
import { useTranslations } from 'use-intl';
import { focusRing, ScrollRegion } from '../ui';
import { CopyIcon, useCopy } from './copy';

/**
 * A piece of code to paste, under a bar with its language and Copy. Long lines scroll inside the
 * box (wrapped code reads wrong), never the page.
 */
export function CodeBlock(props: { code: string; language: string; copyName: string; testId?: string }) {
  const t = useTranslations('console.identity');
  const code = useRef<HTMLElement>(null);
  const { state, copy } = useCopy(() => {
    if (code.current) window.getSelection()?.selectAllChildren(code.current);
  });

  return (
    <div>
      <div className="flex items-center justify-between gap-2 rounded-t-lg border-b border-code-fg/15 bg-code-bg ps-4 pe-1.5 py-1.5">
        <span className="text-xs font-medium text-code-fg/80">{props.language}</span>
        <button
          type="button"
          aria-label={props.copyName}
          onClick={() => copy(props.code)}
          className={`inline-flex min-h-8 items-center gap-1.5 rounded-md px-2.5 text-xs font-medium text-code-fg hover:bg-code-fg/10 ${focusRing}`}
        >
          <CopyIcon done={state === 'copied'} />
          {state === 'copied' ? t('copied') : t('copy')}
        </button>
      </div>
      <ScrollRegion
        aria-label={t('codeRegion', { language: props.language })}
        className="overflow-x-auto rounded-b-lg bg-code-bg"
      >
        <pre dir="ltr" className="w-max min-w-full p-4 text-sm leading-relaxed text-code-fg">
          <code ref={code} data-testid={props.testId}>
            {props.code}
          </code>
        </pre>
      </ScrollRegion>
      <p role="status" className={state === 'idle' ? 'sr-only' : 'mt-2 text-sm text-muted'}>
        {state === 'copied' ? t('copiedCode') : state === 'failed' ? t('copyCodeFailed') : ''}
      </p>
    </div>
  );
}
