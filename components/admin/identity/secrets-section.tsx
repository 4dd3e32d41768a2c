'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { type IdentityAnswer, identityAnswer } from '@/lib/contracts/admin';
import { adminApi } from '../api';
import { buttonClass, cardClass, ErrorAlert, useApiErrorText } from '../ui';
import { CURRENT_HEADING, CurrentSecret, secretEnd } from './current-secret';
import { RotateForm } from './rotate-form';

type Call = { busy: boolean; error: string | null };

/** The site's identity secrets: the current one, those still in their grace period, and rotation. */
export function SecretsSection(props: {
  siteId: string;
  identity: IdentityAnswer;
  onChange: (identity: IdentityAnswer) => void;
}) {
  const t = useTranslations('console.identity');
  const format = useFormatter();
  const errorText = useApiErrorText();
  const [call, setCall] = useState<Call>({ busy: false, error: null });
  const [announcement, setAnnouncement] = useState('');
  const [current, ...earlier] = props.identity.secrets;
  const date = (iso: string) => format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });

  /** POST …/identity: a new current secret (the first, or a rotation). True when it was made. */
  const rotate = async (graceHours: number): Promise<boolean> => {
    setCall({ busy: true, error: null });
    setAnnouncement('');
    try {
      const after = await adminApi(
        'POST',
        `/api/admin/sites/${encodeURIComponent(props.siteId)}/identity`,
        identityAnswer,
        { body: { graceHours } },
      );
      props.onChange(after);
      setCall({ busy: false, error: null });
      const old = after.secrets.find((s) => s.id === current?.id);
      setAnnouncement(
        !current
          ? t('created')
          : old?.expiresAt
            ? t('rotated', { date: date(old.expiresAt) })
            : t('rotatedNow'),
      );
      // The Create button is gone: the focus goes to the secret it made.
      if (!current) requestAnimationFrame(() => document.getElementById(CURRENT_HEADING)?.focus());
      return true;
    } catch (caught) {
      setCall({ busy: false, error: errorText(caught) });
      return false;
    }
  };

  return (
    <section aria-labelledby="identity-secrets" className={`${cardClass} p-4 sm:p-6`}>
      <h2 id="identity-secrets" className="text-lg font-semibold">
        {t('secretsHeading')}
      </h2>
      <p className="mt-1 text-sm text-muted">{t('secretsIntro')}</p>
      {props.identity.environmentSecret ? (
        <p
          data-testid="environment-secret"
          className="mt-4 flex items-start gap-2 rounded-lg border border-border bg-bg px-3 py-2 text-sm text-fg"
        >
          <span aria-hidden="true" className="mt-1.5 size-2 shrink-0 rounded-full bg-online" />
          {t('environmentSecret')}
        </p>
      ) : null}

      {current ? (
        <div className="mt-5 flex flex-col gap-6">
          <CurrentSecret key={current.id} secret={current} />
          {earlier.length > 0 ? (
            <div>
              <h3 className="font-semibold">{t('earlier')}</h3>
              <p className="mt-1 text-sm text-muted">{t('earlierIntro')}</p>
              <ul aria-label={t('earlier')} className="mt-2 flex flex-col gap-2">
                {earlier.map((s) => (
                  <li
                    key={s.id}
                    data-testid="earlier-secret"
                    className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 rounded-lg border border-border bg-bg px-3 py-2 text-sm"
                  >
                    <span className="font-medium text-fg">
                      {t('earlierSecret', { end: secretEnd(s.secret) })}
                    </span>
                    {s.expiresAt ? (
                      <span className="text-warning">
                        {t.rich('stopsWorking', {
                          date: date(s.expiresAt),
                          when: (chunks) => <time dateTime={s.expiresAt ?? undefined}>{chunks}</time>,
                        })}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <RotateForm
            busy={call.busy}
            error={call.error}
            onRotate={rotate}
            onCancel={() => setCall({ busy: false, error: null })}
          />
        </div>
      ) : (
        <div className="mt-5 flex flex-col items-start gap-3 rounded-lg border border-dashed border-border-strong bg-bg p-4">
          <div>
            <p className="font-medium text-fg">{t('noSecret')}</p>
            <p className="mt-1 text-sm text-muted">{t('noSecretHint')}</p>
          </div>
          <button
            type="button"
            disabled={call.busy}
            onClick={() => rotate(0)}
            className={buttonClass.primary}
          >
            {call.busy ? t('creating') : t('create')}
          </button>
          {call.error ? <ErrorAlert>{call.error}</ErrorAlert> : null}
        </div>
      )}
      <p role="status" className={announcement ? 'mt-4 text-sm text-muted' : 'sr-only'}>
        {announcement}
      </p>
    </section>
  );
}
