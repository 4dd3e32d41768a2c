'use client';

import { useEffect, useRef, useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import type { IdentityAnswer } from '@/lib/contracts/admin';
import { buttonClass } from '../ui';
import { CopyIcon, useCopy } from './copy';

type Secret = IdentityAnswer['secrets'][number];

/** The current secret's heading: the focus goes there once the first secret is created. */
export const CURRENT_HEADING = 'identity-current';

/** The last characters of a secret: enough to tell two apart, too few to sign anything. */
export const secretEnd = (secret: string) => secret.slice(-4);

/**
 * The secret that signs now: hidden until Show (a screen shared, a colleague looking on), and
 * copied as it is whether shown or not. Keyed by the secret's id: a new one starts hidden.
 */
export function CurrentSecret(props: { secret: Secret }) {
  const t = useTranslations('console.identity');
  const format = useFormatter();
  const value = useRef<HTMLElement>(null);
  const [shown, setShown] = useState(false);
  const { state, copy } = useCopy(() => setShown(true));

  // Without a clipboard, the secret is shown and selected for Ctrl+C.
  useEffect(() => {
    if (state === 'failed' && shown && value.current) window.getSelection()?.selectAllChildren(value.current);
  }, [state, shown]);

  const end = secretEnd(props.secret.secret);
  return (
    <div>
      <h3 id={CURRENT_HEADING} tabIndex={-1} className="font-semibold outline-none">
        {t('current')}
      </h3>
      <p className="mt-0.5 text-xs text-muted">
        {t('createdOn', {
          date: format.dateTime(new Date(props.secret.createdAt), {
            dateStyle: 'medium',
            timeStyle: 'short',
          }),
        })}
      </p>
      <div className="mt-2 flex flex-wrap items-start gap-2">
        <div
          dir="ltr"
          className="min-h-10 min-w-0 flex-[1_1_16rem] rounded-lg border border-border bg-bg px-3 py-2 font-mono text-sm break-all text-fg"
        >
          {shown ? (
            <code ref={value} data-testid="current-secret">
              {props.secret.secret}
            </code>
          ) : (
            <code data-testid="current-secret">
              <span aria-hidden="true">
                {'•'.repeat(24)}
                {end}
              </span>
              <span className="sr-only">{t('masked', { end })}</span>
            </code>
          )}
        </div>
        <div className="flex gap-2">
          <button
            type="button"
            aria-label={shown ? t('hideName') : t('showName')}
            onClick={() => setShown((s) => !s)}
            className={buttonClass.secondary}
          >
            {shown ? t('hide') : t('show')}
          </button>
          <button
            type="button"
            aria-label={t('copySecret')}
            onClick={() => copy(props.secret.secret)}
            className={buttonClass.secondary}
          >
            <CopyIcon done={state === 'copied'} />
            {state === 'copied' ? t('copied') : t('copy')}
          </button>
        </div>
      </div>
      <p role="status" className={state === 'idle' ? 'sr-only' : 'mt-2 text-sm text-muted'}>
        {state === 'copied' ? t('copiedSecret') : state === 'failed' ? t('copySecretFailed') : ''}
      </p>
    </div>
  );
}
