'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { siteAnswer } from '@/lib/contracts/admin';
import { AdminApiError, adminApi } from '../api';
import { buttonClass, cardClass, ErrorAlert, Field, inputClass, useApiErrorText } from '../ui';
import { fieldProblems, sentence } from './form-state';

type Errors = { id?: string; name?: string; other?: string };

/** An id from a name: "Example Shoes (EU)" → "example-shoes-eu". */
export function idFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/** Creates a site with a name and an id (suggested from the name), then opens it. */
export function NewSiteForm() {
  const t = useTranslations('console.sites');
  const router = useRouter();
  const errorText = useApiErrorText();
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const nameInput = useRef<HTMLInputElement>(null);
  const idInput = useRef<HTMLInputElement>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const { site } = await adminApi('POST', '/api/admin/sites', siteAnswer, {
        body: { id: id.trim(), name: name.trim() },
      });
      router.push(`/admin/sites/${encodeURIComponent(site.id)}`);
    } catch (caught) {
      setBusy(false);
      const found: Errors = {};
      if (caught instanceof AdminApiError && caught.code === 'conflict') found.id = t('idTaken');
      else if (caught instanceof AdminApiError && caught.status === 400) {
        for (const problem of fieldProblems(caught.details)) {
          if (problem.field === 'id' || problem.field === 'name')
            found[problem.field] ??= sentence(problem.message);
        }
      }
      if (!found.id && !found.name) found.other = errorText(caught);
      setErrors(found);
      // The first field to fix takes the focus, and says what is wrong with it.
      const first = found.name ? nameInput : found.id ? idInput : null;
      if (first) requestAnimationFrame(() => first.current?.focus());
    }
  };

  return (
    <section aria-labelledby="new-site-heading" className={`${cardClass} p-4 sm:p-6`}>
      <h2 id="new-site-heading" className="text-lg font-semibold">
        {t('newSite')}
      </h2>
      <p className="mt-1 text-sm text-muted">{t('newSiteIntro')}</p>
      <form onSubmit={create} noValidate className="mt-4 grid gap-4 md:grid-cols-2 md:items-start">
        <Field label={t('name')} hint={t('nameHint')} error={errors.name}>
          {({ id: inputId, describedBy, invalid }) => (
            <input
              ref={nameInput}
              id={inputId}
              name="name"
              required
              maxLength={80}
              autoComplete="off"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                if (!idEdited) setId(idFromName(e.target.value));
              }}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              className={inputClass}
            />
          )}
        </Field>
        <Field label={t('id')} hint={t('idHint')} error={errors.id}>
          {({ id: inputId, describedBy, invalid }) => (
            <input
              ref={idInput}
              id={inputId}
              name="id"
              required
              maxLength={63}
              autoComplete="off"
              spellCheck={false}
              value={id}
              onChange={(e) => {
                setId(e.target.value);
                setIdEdited(e.target.value !== '');
              }}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              className={`${inputClass} font-mono text-sm`}
            />
          )}
        </Field>
        <div className="md:col-span-2">
          <button type="submit" disabled={busy} className={buttonClass.primary}>
            {busy ? t('creating') : t('create')}
          </button>
        </div>
      </form>
      {errors.other ? <ErrorAlert className="mt-3">{errors.other}</ErrorAlert> : null}
    </section>
  );
}
