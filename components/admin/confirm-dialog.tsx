'use client';

import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslations } from 'use-intl';
import { buttonClass, ErrorAlert } from './ui';

/**
 * A modal question before something that cannot be undone. The native <dialog> keeps focus
 * inside and closes on Esc; focus goes back to what opened it.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: ReactNode;
  body: ReactNode;
  confirmLabel: ReactNode;
  busyLabel: ReactNode;
  busy: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useTranslations('console.common');
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!props.open && dialog.open) {
      dialog.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    }
  }, [props.open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (!props.busy) props.onCancel();
      }}
      className="fixed inset-0 m-auto h-fit w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-border bg-bg p-6 text-fg shadow-xl backdrop:bg-black/50"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {props.title}
      </h2>
      <p id={bodyId} className="mt-2 text-sm text-muted">
        {props.body}
      </p>
      {props.error ? <ErrorAlert className="mt-4">{props.error}</ErrorAlert> : null}
      <div className="mt-6 flex flex-wrap justify-end gap-2">
        <button
          type="button"
          // biome-ignore lint/a11y/noAutofocus: the safe choice has focus when the dialog opens.
          autoFocus
          className={buttonClass.secondary}
          onClick={props.onCancel}
          disabled={props.busy}
        >
          {t('cancel')}
        </button>
        <button
          type="button"
          className={buttonClass.dangerSolid}
          onClick={props.onConfirm}
          disabled={props.busy}
        >
          {props.busy ? props.busyLabel : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
