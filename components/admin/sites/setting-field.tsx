'use client';

import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { useTranslations } from 'use-intl';
import type { SettingSource } from '@/lib/contracts/admin';
import { Badge, focusRing, inputClass } from '../ui';
import type { FormKey, SiteForm } from './form-state';

/** What a section needs of the form: the values, a setter, and each field's state. */
export type Binding = {
  form: SiteForm;
  set: <K extends FormKey>(key: K, value: SiteForm[K]) => void;
  state: (key: FormKey) => FieldState;
};

export type FieldState = {
  source?: SettingSource;
  changed: boolean;
  error: string | null;
  /** Puts the setting back to the environment's value; absent when it cannot be. */
  onReset?: () => void;
  resetting: boolean;
};

type Ids = { id: string; describedBy: string | undefined; invalid: boolean };

/**
 * A setting: its label, where its value comes from (the environment or the console), a Reset
 * back to the environment, an Unsaved mark, its hint and the API's complaint about it. A `group`
 * (several controls, such as the starter questions) is a fieldset named by its label: a legend
 * would have to be the fieldset's own child, away from the badges beside it.
 */
export function SettingField(
  props: FieldState & {
    label: string;
    hint?: ReactNode;
    group?: boolean;
    children: (ids: Ids) => ReactNode;
  },
) {
  const t = useTranslations('console.site');
  const id = useId();
  const [hintId, errorId, sourceId, labelId] = [`${id}-hint`, `${id}-error`, `${id}-source`, `${id}-label`];
  const describedBy =
    [props.error ? errorId : '', props.source ? sourceId : '', props.hint ? hintId : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const head = (
    <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
      {props.group ? (
        <span id={labelId} className="text-sm font-medium text-fg">
          {props.label}
        </span>
      ) : (
        <label htmlFor={id} className="text-sm font-medium text-fg">
          {props.label}
        </label>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {props.changed ? <Badge tone="warning">{t('unsaved')}</Badge> : null}
        {props.source ? (
          <span id={sourceId} data-testid="setting-source">
            <Badge tone={props.source === 'console' ? 'accent' : 'muted'}>
              {props.source === 'console' ? t('sourceConsole') : t('sourceEnvironment')}
            </Badge>
          </span>
        ) : null}
        {props.source === 'console' && props.onReset ? (
          <button
            type="button"
            onClick={props.onReset}
            disabled={props.resetting}
            aria-label={t('resetNamed', { setting: props.label })}
            className={`min-h-6 rounded px-1 text-xs font-medium text-accent underline underline-offset-2 hover:no-underline disabled:opacity-60 ${focusRing}`}
          >
            {props.resetting ? t('resetting') : t('reset')}
          </button>
        ) : null}
      </div>
    </div>
  );
  const tail = (
    <>
      {props.error ? (
        <p id={errorId} className="text-sm text-danger">
          {props.error}
        </p>
      ) : null}
      {props.hint ? (
        <p id={hintId} className="text-xs text-muted">
          {props.hint}
        </p>
      ) : null}
    </>
  );
  const ids = { id, describedBy, invalid: Boolean(props.error) };

  if (props.group) {
    return (
      <fieldset
        aria-labelledby={labelId}
        aria-describedby={describedBy}
        className="flex min-w-0 flex-col gap-1.5"
        data-setting
      >
        {head}
        {props.children(ids)}
        {tail}
      </fieldset>
    );
  }
  return (
    <div className="flex min-w-0 flex-col gap-1.5" data-setting>
      {head}
      {props.children(ids)}
      {tail}
    </div>
  );
}

/** A setting held in one text field (or textarea, or number field). */
export function TextSetting(props: {
  b: Binding;
  k: Exclude<FormKey, 'starters' | 'launcherPosition'>;
  label: string;
  hint?: ReactNode;
  multiline?: number;
  input?: InputHTMLAttributes<HTMLInputElement>;
  mono?: boolean;
  /** A short value (a number): a field of its own width, not the whole column's. */
  narrow?: boolean;
}) {
  const { b, k } = props;
  const className = `${inputClass} ${props.mono ? 'font-mono text-sm' : ''} ${props.narrow ? 'sm:max-w-60' : ''}`;
  return (
    <SettingField {...b.state(k)} label={props.label} hint={props.hint}>
      {({ id, describedBy, invalid }) =>
        props.multiline ? (
          <textarea
            id={id}
            name={k}
            rows={props.multiline}
            value={b.form[k]}
            onChange={(e) => b.set(k, e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            spellCheck={props.mono ? false : undefined}
            className={`${className} py-2 leading-relaxed`}
          />
        ) : (
          <input
            id={id}
            name={k}
            autoComplete="off"
            {...props.input}
            value={b.form[k]}
            onChange={(e) => b.set(k, e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            className={className}
          />
        )
      }
    </SettingField>
  );
}

/** A card of related settings, with its heading. */
export function SettingsSection(props: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section aria-labelledby={props.id} className="rounded-xl border border-border bg-surface p-4 sm:p-6">
      <h2 id={props.id} className="text-lg font-semibold">
        {props.title}
      </h2>
      <p className="mt-1 text-sm text-muted">{props.intro}</p>
      <div className="mt-5 flex flex-col gap-5">{props.children}</div>
    </section>
  );
}
