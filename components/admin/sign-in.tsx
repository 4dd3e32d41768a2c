'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useTranslations } from 'use-intl';
import { sessionInfo } from '@/lib/contracts/admin';
import { AdminApiError, adminApi, rememberCsrf } from './api';
import { buttonClass, ErrorAlert, Field, inputClass, useApiErrorText } from './ui';

const MIN_PASSWORD = 12;

/** The first owner's setup (with the code from the server log), or the login. */
export function SignIn(props: { mode: 'setup' | 'login' }) {
  const t = useTranslations('console.auth');
  const tc = useTranslations('console');
  const router = useRouter();
  const apiErrorText = useApiErrorText();
  const setup = props.mode === 'setup';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const explain = (caught: unknown): string => {
    if (!(caught instanceof AdminApiError)) return apiErrorText(caught);
    if (caught.code === 'invalid_credentials') return t('wrongCredentials');
    if (caught.code === 'rate_limited')
      return caught.retryAfterSeconds
        ? t('rateLimited', { minutes: Math.max(1, Math.ceil(caught.retryAfterSeconds / 60)) })
        : t('rateLimitedSoon');
    if (setup && caught.code === 'forbidden') return t('wrongCode');
    return apiErrorText(caught);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '');
    const password = String(data.get('password') ?? '');
    if (setup && password.length < MIN_PASSWORD) {
      setError(t('passwordTooShort'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = setup
        ? { code: String(data.get('code') ?? '').trim(), email, password }
        : { email, password };
      const info = await adminApi('POST', setup ? '/api/admin/setup' : '/api/admin/session', sessionInfo, {
        body,
        anonymous: true,
      });
      rememberCsrf(info.csrfToken);
      router.refresh();
    } catch (caught) {
      setError(explain(caught));
      setBusy(false);
    }
  };

  return (
    <main className="flex min-h-dvh items-center justify-center bg-surface px-4 py-10">
      <div className="w-full max-w-md rounded-2xl border border-border bg-bg p-6 shadow-sm sm:p-8">
        <p className="text-sm font-semibold text-accent">
          {tc('product')} · {tc('productConsole')}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-fg">
          {setup ? t('setupTitle') : t('loginTitle')}
        </h1>
        <p className="mt-2 text-sm text-muted">{setup ? t('setupIntro') : t('loginIntro')}</p>
        <form onSubmit={submit} className="mt-6 flex flex-col gap-4">
          {setup ? (
            <Field label={t('setupCode')} hint={t('setupCodeHint')}>
              {({ id, describedBy }) => (
                <input
                  id={id}
                  name="code"
                  required
                  autoComplete="one-time-code"
                  spellCheck={false}
                  aria-describedby={describedBy}
                  className={`${inputClass} font-mono uppercase`}
                />
              )}
            </Field>
          ) : null}
          <Field label={t('email')}>
            {({ id }) => (
              <input
                id={id}
                name="email"
                type="email"
                required
                autoComplete={setup ? 'email' : 'username'}
                className={inputClass}
              />
            )}
          </Field>
          <Field label={t('password')} hint={setup ? t('newPasswordHint') : undefined}>
            {({ id, describedBy }) => (
              <input
                id={id}
                name="password"
                type="password"
                required
                minLength={setup ? MIN_PASSWORD : undefined}
                autoComplete={setup ? 'new-password' : 'current-password'}
                aria-describedby={describedBy}
                className={inputClass}
              />
            )}
          </Field>
          {error ? <ErrorAlert>{error}</ErrorAlert> : null}
          <button type="submit" className={`${buttonClass.primary} mt-2 w-full`} disabled={busy}>
            {setup ? (busy ? t('creating') : t('createOwner')) : busy ? t('loggingIn') : t('login')}
          </button>
        </form>
      </div>
    </main>
  );
}
