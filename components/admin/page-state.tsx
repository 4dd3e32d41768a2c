'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import { buttonClass, ErrorAlert, linkClass } from './ui';

/** A console page's data before it is ready: loading, not found, or failed. */
export type NotReadyState = { phase: 'loading' } | { phase: 'missing' } | { phase: 'error'; error: string };

/** The link back to a list, above one of its items. */
export function BackLink(props: { href: string; children: ReactNode }) {
  return (
    <Link href={props.href} className={`${linkClass} text-sm`}>
      <span aria-hidden="true">← </span>
      {props.children}
    </Link>
  );
}

/** An item's page while its data is not there: the way back, then loading, not found, or the error and Retry. */
export function NotReady(props: {
  state: NotReadyState;
  back: ReactNode;
  heading: string;
  loading: string;
  notFound: string;
  onRetry: () => void;
}) {
  const tc = useTranslations('console.common');
  const { state } = props;
  return (
    <div className="flex flex-col items-start gap-4">
      {props.back}
      {state.phase === 'loading' ? (
        <p role="status" className="text-sm text-muted">
          {props.loading}
        </p>
      ) : state.phase === 'missing' ? (
        <>
          <h1 className="text-2xl font-semibold">{props.heading}</h1>
          <p className="text-muted">{props.notFound}</p>
        </>
      ) : (
        <>
          <ErrorAlert>{state.error}</ErrorAlert>
          <button type="button" className={buttonClass.secondary} onClick={props.onRetry}>
            {tc('retry')}
          </button>
        </>
      )}
    </div>
  );
}
