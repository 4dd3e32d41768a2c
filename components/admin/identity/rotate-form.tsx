'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { ConfirmDialog } from '../confirm-dialog';
import { buttonClass, Field, inputClass } from '../ui';

/** The grace periods offered, in hours (the API takes 0 to 720), and their labels. */
const graces = [
  { hours: 0, label: 'graceNone' },
  { hours: 1, label: 'grace1h' },
  { hours: 24, label: 'grace24h' },
  { hours: 168, label: 'grace7d' },
  { hours: 720, label: 'grace30d' },
] as const;

/**
 * A new current secret, after a question that says what becomes of the old one: verified for the
 * chosen grace period (time to deploy the new one), or refused at once (a leaked secret).
 */
export function RotateForm(props: {
  busy: boolean;
  error: string | null;
  onRotate: (graceHours: number) => Promise<boolean>;
  onCancel: () => void;
}) {
  const t = useTranslations('console.identity');
  const format = useFormatter();
  const [hours, setHours] = useState(24);
  /** When the old secret would stop, as of the moment the question was asked. */
  const [asking, setAsking] = useState<{ ends: Date } | null>(null);
  const grace = graces.find((g) => g.hours === hours) ?? graces[2];

  const confirm = async () => {
    if (await props.onRotate(hours)) setAsking(null);
  };

  return (
    <div>
      <h3 className="font-semibold">{t('rotateHeading')}</h3>
      <p className="mt-1 text-sm text-muted">{t('rotateIntro')}</p>
      <form
        className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,18rem)_auto] sm:items-end"
        onSubmit={(event) => {
          event.preventDefault();
          setAsking({ ends: new Date(Date.now() + hours * 3600_000) });
        }}
      >
        <Field label={t('grace')}>
          {({ id }) => (
            <select
              id={id}
              name="graceHours"
              value={hours}
              onChange={(event) => setHours(Number(event.target.value))}
              className={inputClass}
            >
              {graces.map((g) => (
                <option key={g.hours} value={g.hours}>
                  {t(g.label)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className={`${buttonClass.secondary} justify-self-start`}>
          {t('rotate')}
        </button>
      </form>
      <ConfirmDialog
        open={asking !== null}
        title={t('rotateTitle')}
        body={
          hours === 0
            ? t('rotateBodyNow')
            : t('rotateBodyGrace', {
                period: t(grace.label),
                date: format.dateTime(asking?.ends ?? new Date(), {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                }),
              })
        }
        confirmLabel={t('rotateConfirm')}
        busyLabel={t('rotating')}
        busy={props.busy}
        error={props.error}
        onConfirm={confirm}
        onCancel={() => {
          setAsking(null);
          props.onCancel();
        }}
      />
    </div>
  );
}
