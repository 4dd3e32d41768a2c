'use client';

import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A panel that slides in from the reading side over a dimmed page (a modal <dialog>: the page
 * behind is inert, Tab stays inside). Esc, the backdrop and the caller close it; the focus then
 * goes back where it was.
 */
export function Drawer(props: {
  id: string;
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const { open } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      // The current conversation, or the first control.
      const current = dialog.querySelector<HTMLElement>('[aria-current="true"]');
      (current ?? dialog.querySelector<HTMLElement>('button'))?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      opener.current?.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      id={props.id}
      aria-labelledby={props.labelledBy}
      className="parley-drawer fixed inset-y-0 m-0 me-auto h-dvh max-h-none w-80 max-w-[85vw] border-e border-border bg-surface p-0 text-fg shadow-float"
      // Esc is handled here, not by the browser, so that the widget around the chat does not
      // close too (it ignores a handled Esc).
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
        event.preventDefault();
        props.onClose();
      }}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) props.onClose();
      }}
    >
      {open && props.children}
    </dialog>
  );
}
