'use client';

import { type FormEvent, useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { type ApiOwner, ownerList } from '@/lib/contracts/admin';
import { AdminApiError, adminApi } from '../api';
import { ConfirmDialog } from '../confirm-dialog';
import { useOwner } from '../owner-context';
import { buttonClass, cardClass, ErrorAlert, Field, inputClass, useApiErrorText } from '../ui';
import { useList } from './use-list';

/** The owners: listed, added with email and password, removed (never the last one). */
export function OwnersSection() {
  const t = useTranslations('console.settings');
  const ta = useTranslations('console.auth');
  const tc = useTranslations('console.common');
  const format = useFormatter();
  const me = useOwner();
  const errorText = useApiErrorText();
  const { data, error, reload } = useList('/api/admin/owners', ownerList);
  const [adding, setAdding] = useState<{ busy: boolean; error: string | null; done: string | null }>({
    busy: false,
    error: null,
    done: null,
  });
  const [removing, setRemoving] = useState<{ owner: ApiOwner; busy: boolean; error: string | null } | null>(
    null,
  );

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '');
    const password = String(data.get('password') ?? '');
    if (password.length < 12) {
      setAdding({ busy: false, error: ta('passwordTooShort'), done: null });
      return;
    }
    setAdding({ busy: true, error: null, done: null });
    try {
      await adminApi('POST', '/api/admin/owners', null, { body: { email, password } });
      form.reset();
      setAdding({ busy: false, error: null, done: t('ownerAdded', { email: email.trim().toLowerCase() }) });
      reload();
    } catch (caught) {
      const message =
        caught instanceof AdminApiError && caught.code === 'conflict' ? t('ownerExists') : errorText(caught);
      setAdding({ busy: false, error: message, done: null });
    }
  };

  const remove = async () => {
    if (!removing) return;
    setRemoving({ ...removing, busy: true, error: null });
    try {
      await adminApi('DELETE', `/api/admin/owners/${removing.owner.id}`, null);
      setRemoving(null);
      reload();
    } catch (caught) {
      // The API refuses to remove the last owner (409): say why, in the dialog.
      const message =
        caught instanceof AdminApiError && caught.code === 'conflict' ? t('lastOwner') : errorText(caught);
      setRemoving({ ...removing, busy: false, error: message });
    }
  };

  return (
    <section aria-labelledby="owners-heading" className={`${cardClass} p-4 sm:p-6`}>
      <h2 id="owners-heading" className="text-lg font-semibold">
        {t('owners')}
      </h2>
      <p className="mt-1 text-sm text-muted">{t('ownersIntro')}</p>
      {error ? <ErrorAlert className="mt-4">{error}</ErrorAlert> : null}
      {data ? (
        <ul className="mt-4 divide-y divide-border rounded-lg border border-border bg-bg">
          {data.owners.map((owner) => (
            <li key={owner.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              <div className="min-w-0">
                <p className="truncate font-medium">
                  {owner.email}
                  {owner.id === me?.id ? (
                    <span className="ms-2 text-sm font-normal text-muted">({t('you')})</span>
                  ) : null}
                </p>
                <p className="text-sm text-muted">
                  {t('added', { date: format.dateTime(new Date(owner.createdAt), { dateStyle: 'medium' }) })}
                </p>
              </div>
              <button
                type="button"
                aria-label={t('removeOwner', { email: owner.email })}
                className={buttonClass.danger}
                onClick={() => setRemoving({ owner, busy: false, error: null })}
              >
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : !error ? (
        <p className="mt-4 text-sm text-muted">{tc('loading')}</p>
      ) : null}

      <h3 className="mt-6 font-semibold">{t('addOwner')}</h3>
      <form
        onSubmit={add}
        className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-start"
      >
        <Field label={ta('email')}>
          {({ id }) => (
            <input id={id} name="email" type="email" required autoComplete="off" className={inputClass} />
          )}
        </Field>
        <Field label={ta('password')} hint={ta('newPasswordHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="password"
              type="password"
              required
              minLength={12}
              autoComplete="new-password"
              aria-describedby={describedBy}
              className={inputClass}
            />
          )}
        </Field>
        <button type="submit" disabled={adding.busy} className={`${buttonClass.primary} sm:mt-6`}>
          {adding.busy ? t('adding') : t('addOwner')}
        </button>
      </form>
      {adding.error ? <ErrorAlert className="mt-3">{adding.error}</ErrorAlert> : null}
      <p role="status" className={adding.done ? 'mt-3 text-sm text-fg' : undefined}>
        {adding.done ?? ''}
      </p>

      <ConfirmDialog
        open={removing !== null}
        title={removing ? t('removeTitle', { email: removing.owner.email }) : ''}
        body={t('removeBody')}
        confirmLabel={t('removeConfirm')}
        busyLabel={t('remove')}
        busy={removing?.busy ?? false}
        error={removing?.error}
        onConfirm={remove}
        onCancel={() => setRemoving(null)}
      />
    </section>
  );
}
