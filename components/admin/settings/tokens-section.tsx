'use client';

import { type FormEvent, useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { type ApiToken, tokenCreated, tokenList } from '@/lib/contracts/admin';
import { adminApi } from '../api';
import { ConfirmDialog } from '../confirm-dialog';
import {
  Badge,
  buttonClass,
  cardClass,
  ErrorAlert,
  Field,
  inputClass,
  ScrollRegion,
  useApiErrorText,
} from '../ui';
import { NewSecret } from './new-secret';
import { useList } from './use-list';

/** Named admin API tokens: created (the secret shown once), listed, revoked. */
export function TokensSection() {
  const t = useTranslations('console.settings');
  const tc = useTranslations('console.common');
  const format = useFormatter();
  const errorText = useApiErrorText();
  const { data, error, reload } = useList('/api/admin/tokens', tokenList);
  const [creating, setCreating] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [revoking, setRevoking] = useState<{ token: ApiToken; busy: boolean; error: string | null } | null>(
    null,
  );
  const date = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }) : t('never');

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return;
    setCreating({ busy: true, error: null });
    try {
      const made = await adminApi('POST', '/api/admin/tokens', tokenCreated, { body: { name } });
      form.reset();
      setSecret({ name: made.token.name, value: made.secret });
      setCreating({ busy: false, error: null });
      reload();
    } catch (caught) {
      setCreating({ busy: false, error: errorText(caught) });
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setRevoking({ ...revoking, busy: true, error: null });
    try {
      await adminApi('DELETE', `/api/admin/tokens/${revoking.token.id}`, null);
      setRevoking(null);
      reload();
    } catch (caught) {
      setRevoking({ ...revoking, busy: false, error: errorText(caught) });
    }
  };

  return (
    <section aria-labelledby="tokens-heading" className={`${cardClass} p-4 sm:p-6`}>
      <h2 id="tokens-heading" className="text-lg font-semibold">
        {t('tokens')}
      </h2>
      <p className="mt-1 text-sm text-muted">{t('tokensIntro')}</p>

      <form onSubmit={create} className="mt-4 grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
        <Field label={t('tokenName')} hint={t('tokenNameHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              name="name"
              required
              maxLength={100}
              autoComplete="off"
              aria-describedby={describedBy}
              className={inputClass}
            />
          )}
        </Field>
        <button type="submit" disabled={creating.busy} className={`${buttonClass.primary} sm:mt-6`}>
          {creating.busy ? t('creatingToken') : t('createToken')}
        </button>
      </form>
      {creating.error ? <ErrorAlert className="mt-3">{creating.error}</ErrorAlert> : null}
      {secret ? <NewSecret name={secret.name} secret={secret.value} onDone={() => setSecret(null)} /> : null}

      {error ? <ErrorAlert className="mt-4">{error}</ErrorAlert> : null}
      {data === null && !error ? <p className="mt-4 text-sm text-muted">{tc('loading')}</p> : null}
      {data && data.tokens.length === 0 ? <p className="mt-4 text-sm text-muted">{t('noTokens')}</p> : null}
      {data && data.tokens.length > 0 ? (
        <ScrollRegion
          aria-label={t('tokenTable')}
          className="mt-4 overflow-x-auto rounded-lg border border-border bg-bg"
        >
          <table className="w-full text-start text-sm">
            <caption className="sr-only">{t('tokens')}</caption>
            <thead className="bg-surface-2">
              <tr>
                {[t('tokenName'), t('prefix'), t('created'), t('lastUsed'), t('tokenStatus')].map((label) => (
                  <th key={label} scope="col" className="px-3 py-2 text-start font-medium">
                    {label}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  <span className="sr-only">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.tokens.map((token) => (
                <tr key={token.id} className="border-t border-border" data-testid="token-row">
                  <th scope="row" className="px-3 py-2 text-start font-medium">
                    {token.name}
                  </th>
                  <td className="px-3 py-2 font-mono text-xs">{token.prefix}…</td>
                  <td className="px-3 py-2 whitespace-nowrap">{date(token.createdAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{date(token.lastUsedAt)}</td>
                  <td className="px-3 py-2">
                    {token.revokedAt ? (
                      <Badge tone="muted">{t('revokedOn', { date: date(token.revokedAt) })}</Badge>
                    ) : (
                      <Badge tone="accent">{t('active')}</Badge>
                    )}
                  </td>
                  <td className="px-3 py-2 text-end">
                    {token.revokedAt ? null : (
                      <button
                        type="button"
                        aria-label={t('revokeToken', { name: token.name })}
                        className={buttonClass.danger}
                        onClick={() => setRevoking({ token, busy: false, error: null })}
                      >
                        {t('revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}

      <ConfirmDialog
        open={revoking !== null}
        title={revoking ? t('revokeTitle', { name: revoking.token.name }) : ''}
        body={t('revokeBody')}
        confirmLabel={t('revokeConfirm')}
        busyLabel={t('revoke')}
        busy={revoking?.busy ?? false}
        error={revoking?.error}
        onConfirm={revoke}
        onCancel={() => setRevoking(null)}
      />
    </section>
  );
}
