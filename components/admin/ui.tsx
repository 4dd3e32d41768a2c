'use client';

import { type ReactNode, useId } from 'react';
import { useTranslations } from 'use-intl';
import { AdminApiError } from './api';

/** The console's few building blocks, drawn only with the shared design tokens (app/globals.css). */

export const focusRing =
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent';

const buttonBase = `inline-flex min-h-10 items-center justify-center gap-2 rounded-lg px-4 text-sm font-medium whitespace-nowrap disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;

export const buttonClass = {
  primary: `${buttonBase} bg-accent text-accent-contrast hover:opacity-90`,
  secondary: `${buttonBase} border border-border bg-bg text-fg hover:bg-surface-2`,
  danger: `${buttonBase} border border-danger bg-bg text-danger hover:bg-surface-2`,
  dangerSolid: `${buttonBase} bg-danger text-bg hover:opacity-90`,
} as const;

export const inputClass = `min-h-10 w-full rounded-lg border border-border bg-bg px-3 text-base text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent`;

export const linkClass = `rounded text-accent underline underline-offset-2 hover:no-underline ${focusRing}`;

export const cardClass = 'rounded-xl border border-border bg-surface';

/** A labelled control with an optional hint and error, both tied to it for assistive technology. */
export function Field(props: {
  label: ReactNode;
  hint?: ReactNode;
  /** What is wrong with the value (the API's refusal): shown above the hint, and the control is invalid. */
  error?: ReactNode;
  className?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [props.error ? errorId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={props.className ?? 'flex flex-col gap-1'}>
      <label htmlFor={id} className="text-sm font-medium text-fg">
        {props.label}
      </label>
      {props.children({ id, describedBy, invalid: Boolean(props.error) })}
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
    </div>
  );
}

export function ErrorAlert(props: { children: ReactNode; className?: string }) {
  return (
    <p
      role="alert"
      className={`rounded-lg border border-danger bg-bg px-3 py-2 text-sm text-danger ${props.className ?? ''}`}
    >
      {props.children}
    </p>
  );
}

export type BadgeTone = 'danger' | 'warning' | 'muted' | 'accent';

const tones: Record<BadgeTone, string> = {
  danger: 'border-danger text-danger',
  warning: 'border-warning text-warning',
  muted: 'border-border text-muted',
  accent: 'border-accent text-accent',
};

export function Badge(props: { tone: BadgeTone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full border bg-bg px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tones[props.tone]}`}
    >
      {props.children}
    </span>
  );
}

export function ThumbIcon(props: { direction: 'up' | 'down' }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="14"
      height="14"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      className={props.direction === 'down' ? 'rotate-180' : undefined}
    >
      <path d="M7 10v11H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h3Zm0 0 4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.4 8a2 2 0 0 1-2 1.7H7" />
    </svg>
  );
}

export function PageHeader(props: { title: ReactNode; intro?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">{props.title}</h1>
        {props.intro ? <p className="mt-1 text-sm text-muted">{props.intro}</p> : null}
      </div>
      {props.actions ? <div className="flex flex-wrap gap-2">{props.actions}</div> : null}
    </div>
  );
}

/** The message of a failed call: the API's own words (it answers in English), or a network hint. */
export function useApiErrorText() {
  const t = useTranslations('console.common');
  return (error: unknown): string => {
    if (error instanceof AdminApiError && error.code === 'network') return t('networkError');
    return t('error', { message: error instanceof Error ? error.message : String(error) });
  };
}

/**
 * A box that scrolls (a wide or long table): it takes focus so that keys can scroll it, and is
 * positioned so that it clips visually hidden text inside it too (else the page scrolls sideways).
 */
export function ScrollRegion(
  props: { children: ReactNode; className?: string } & (
    | { 'aria-label': string }
    | { 'aria-labelledby': string }
  ),
) {
  const { children, className, ...name } = props;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled with keys.
    <section tabIndex={0} {...name} className={`relative ${className ?? ''} ${focusRing}`}>
      {children}
    </section>
  );
}
