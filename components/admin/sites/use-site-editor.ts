'use client';

import { useEffect, useMemo, useState } from 'react';
import { useTranslations } from 'use-intl';
import { type ApiSiteRead, siteAnswer } from '@/lib/contracts/admin';
import { AdminApiError, adminApi } from '../api';
import { useApiErrorText } from '../ui';
import {
  type FormKey,
  fieldProblems,
  formOf,
  NULL_IS_A_VALUE,
  pendingChanges,
  rebase,
  type SiteForm,
  sentence,
} from './form-state';
import type { Binding } from './setting-field';

const LIST_FIELDS: ReadonlySet<string> = new Set(['fallbackModels', 'allowedOrigins']);

export type Notice = { kind: 'saved' | 'error'; text: string } | null;

/**
 * The state of a site's page: the saved site, the form over it, what changed, and the calls that
 * save it (only what changed) or put one setting back to the environment's value.
 */
export function useSiteEditor(initial: ApiSiteRead) {
  const t = useTranslations('console.site');
  const errorText = useApiErrorText();
  const [site, setSite] = useState(initial);
  const [form, setForm] = useState<SiteForm>(() => formOf(initial));
  const [errors, setErrors] = useState<Partial<Record<FormKey, string>>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const [resetting, setResetting] = useState<FormKey | null>(null);
  /** Goes up after each save, so that the preview loads the chat again. */
  const [version, setVersion] = useState(0);
  const [focusInvalid, setFocusInvalid] = useState(0);
  const pending = useMemo(() => pendingChanges(form, site), [form, site]);
  const dirty = pending.changed.length > 0;

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // After a refusal, the first field the API (or the form) found wrong takes the focus.
  useEffect(() => {
    if (focusInvalid === 0) return;
    document.querySelector<HTMLElement>('#site-settings [aria-invalid="true"]')?.focus();
  }, [focusInvalid]);

  const label = (key: FormKey) => t(key === 'name' ? 'name' : labelKeys[key]);

  const refused = (caught: unknown) => {
    if (caught instanceof AdminApiError && caught.status === 400) {
      const found: Partial<Record<FormKey, string>> = {};
      for (const problem of fieldProblems(caught.details)) {
        if (!(problem.field in form)) continue;
        const key = problem.field as FormKey;
        const message = sentence(problem.message);
        found[key] ??=
          problem.index === null
            ? message
            : t(key === 'starters' ? 'starterError' : LIST_FIELDS.has(key) ? 'lineError' : 'itemError', {
                n: problem.index + 1,
                message,
              });
      }
      if (Object.keys(found).length > 0) {
        setErrors(found);
        setNotice({ kind: 'error', text: t('invalid') });
        setFocusInvalid((n) => n + 1);
        return;
      }
    }
    setNotice({ kind: 'error', text: errorText(caught) });
  };

  /** Saves what changed; the saved site, or null when nothing was saved. */
  const save = async (): Promise<ApiSiteRead | null> => {
    const problems = Object.entries(pending.problems) as Array<[FormKey, string]>;
    if (problems.length > 0) {
      setErrors(Object.fromEntries(problems.map(([key]) => [key, t('problemNumber')])));
      setNotice({ kind: 'error', text: t('invalid') });
      setFocusInvalid((n) => n + 1);
      return null;
    }
    if (!dirty) return null;
    setSaving(true);
    setNotice(null);
    try {
      const { site: after } = await adminApi('PATCH', `/api/admin/sites/${site.id}`, siteAnswer, {
        body: pending.body,
      });
      setForm(rebase(form, site, after, pending.changed));
      setSite(after);
      setErrors({});
      setNotice({ kind: 'saved', text: t('saved', { count: pending.changed.length }) });
      setVersion((v) => v + 1);
      return after;
    } catch (caught) {
      refused(caught);
      return null;
    } finally {
      setSaving(false);
    }
  };

  const reset = async (key: FormKey) => {
    setResetting(key);
    setNotice(null);
    try {
      const { site: after } = await adminApi('PATCH', `/api/admin/sites/${site.id}`, siteAnswer, {
        body: { settings: { [key]: null } },
      });
      setForm(rebase(form, site, after, [key]));
      setSite(after);
      setErrors(({ [key]: _, ...rest }) => rest);
      setNotice({ kind: 'saved', text: t('resetDone', { setting: label(key) }) });
      setVersion((v) => v + 1);
      // The Reset button goes away with the console's value: the focus goes to the setting itself.
      const name = key === 'starters' ? 'starter-1' : key;
      requestAnimationFrame(() =>
        document
          .querySelector<HTMLElement>(`#site-settings [name="${name}"]:not([type=radio]:not(:checked))`)
          ?.focus(),
      );
    } catch (caught) {
      refused(caught);
    } finally {
      setResetting(null);
    }
  };

  const binding: Binding = {
    form,
    set: (key, value) => {
      setForm((f) => ({ ...f, [key]: value }));
      setErrors(({ [key]: _, ...rest }) => rest);
      setNotice((n) => (n?.kind === 'saved' ? null : n));
    },
    state: (key) => ({
      source: site.sources[key],
      changed: pending.changed.includes(key),
      error: errors[key] ?? null,
      // The name has no environment value to go back to, and for three settings null is a value.
      onReset: key === 'name' || NULL_IS_A_VALUE.has(key) ? undefined : () => reset(key),
      resetting: resetting === key,
    }),
  };

  const discard = () => {
    setForm(formOf(site));
    setErrors({});
    setNotice(null);
  };

  return { site, form, binding, pending, dirty, saving, notice, version, save, discard };
}

/** Each setting's label in messages/console/en.json, for the messages that name it. */
const labelKeys = {
  systemPrompt: 'systemPrompt',
  model: 'model',
  fallbackModels: 'fallbackModels',
  temperature: 'temperature',
  greeting: 'greeting',
  starters: 'starters',
  launcherColor: 'launcherColor',
  launcherPosition: 'launcherPosition',
  launcherLabel: 'launcherLabel',
  avatarUrl: 'avatarUrl',
  defaultLocale: 'defaultLocale',
  allowedOrigins: 'allowedOrigins',
  rateLimitVisitorPerMinute: 'rateLimitVisitor',
  rateLimitIpPerMinute: 'rateLimitIp',
  retentionDays: 'retentionDays',
  knowledgeTopK: 'knowledgeTopK',
  knowledgeChunkTokens: 'knowledgeChunkTokens',
  knowledgeChunkOverlap: 'knowledgeChunkOverlap',
} as const;
