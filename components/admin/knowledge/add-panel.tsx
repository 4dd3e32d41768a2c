'use client';

import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { cardClass, focusRing } from '../ui';
import { QaForm, TextForm, UrlForm } from './add-forms';
import { FileDrop } from './file-drop';
import type { AddProps } from './use-add';

const kinds = ['file', 'url', 'text', 'qa'] as const;
type Kind = (typeof kinds)[number];
const labels = { file: 'kindFile', url: 'kindUrl', text: 'kindText', qa: 'kindQa' } as const;

/** Adding knowledge: files, a web page or site, a text, a question; one tab each (ARIA tabs). */
export function AddPanel(props: AddProps) {
  const t = useTranslations('console.knowledge');
  const id = useId();
  const [kind, setKind] = useState<Kind>('file');
  const tabs = useRef<Record<Kind, HTMLButtonElement | null>>({
    file: null,
    url: null,
    text: null,
    qa: null,
  });

  // Arrows, Home and End move between the tabs and show the one they reach.
  const keys = (event: KeyboardEvent) => {
    const at = kinds.indexOf(kind);
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % kinds.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + kinds.length) % kinds.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? kinds.length - 1
              : null;
    if (to === null) return;
    event.preventDefault();
    setKind(kinds[to]);
    tabs.current[kinds[to]]?.focus();
  };

  return (
    <section aria-labelledby={`${id}-heading`} className={`${cardClass} p-4 sm:p-6`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {t('add')}
      </h2>
      <div
        role="tablist"
        aria-label={t('addKinds')}
        tabIndex={-1}
        onKeyDown={keys}
        className="mt-3 flex w-full gap-1 overflow-x-auto rounded-lg border border-border bg-bg p-1 sm:w-fit"
      >
        {kinds.map((k) => (
          <button
            key={k}
            ref={(el) => {
              tabs.current[k] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${k}`}
            aria-selected={kind === k}
            aria-controls={`${id}-panel-${k}`}
            tabIndex={kind === k ? 0 : -1}
            onClick={() => setKind(k)}
            className={`min-h-9 flex-1 rounded-md px-3 text-sm font-medium whitespace-nowrap sm:flex-none ${focusRing} ${
              kind === k ? 'bg-accent text-accent-contrast' : 'text-fg hover:bg-surface-2'
            }`}
          >
            {t(labels[k])}
          </button>
        ))}
      </div>
      {/* Every panel stays mounted: uploads and half-written forms survive a look at another tab. */}
      {kinds.map((k) => (
        <div
          key={k}
          id={`${id}-panel-${k}`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-${k}`}
          hidden={kind !== k}
          className="mt-4"
        >
          {k === 'file' ? <FileDrop {...props} /> : null}
          {k === 'url' ? <UrlForm {...props} /> : null}
          {k === 'text' ? <TextForm {...props} /> : null}
          {k === 'qa' ? <QaForm {...props} /> : null}
        </div>
      ))}
    </section>
  );
}
