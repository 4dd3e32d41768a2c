'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { buttonClass, inputClass } from '../ui';

/** A token's secret, shown this once, with a copy button and a warning. */
export function NewSecret(props: { name: string; secret: string; onDone: () => void }) {
  const t = useTranslations('console.settings');
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  // The secret is what the owner came for: focus moves to it, so a screen reader reads it out.
  useEffect(() => heading.current?.focus(), []);

  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopy('copied');
    } catch {
      field.current?.select();
      setCopy('failed');
    }
  };

  return (
    <div className="mt-4 rounded-lg border-2 border-warning bg-bg p-4" data-testid="new-token">
      <h3 ref={heading} tabIndex={-1} className="font-semibold outline-none">
        {t('secretTitle', { name: props.name })}
      </h3>
      <p className="mt-1 text-sm text-warning">{t('secretWarning')}</p>
      <label htmlFor="new-token-secret" className="mt-3 block text-sm font-medium">
        {t('secretLabel')}
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          ref={field}
          id="new-token-secret"
          readOnly
          value={props.secret}
          onFocus={(e) => e.currentTarget.select()}
          className={`${inputClass} min-w-0 flex-1 font-mono text-sm`}
        />
        <button type="button" onClick={copySecret} className={buttonClass.primary}>
          {t('copy')}
        </button>
        <button type="button" onClick={props.onDone} className={buttonClass.secondary}>
          {t('secretDone')}
        </button>
      </div>
      <p role="status" className={copy === 'idle' ? undefined : 'mt-2 text-sm'}>
        {copy === 'copied' ? t('copied') : copy === 'failed' ? t('copyFailed') : ''}
      </p>
    </div>
  );
}
