'use client';

import { type DragEvent, useRef, useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { AdminApiError } from '../api';
import { buttonClass, focusRing, useApiErrorText } from '../ui';
import type { KnowledgeCalls } from './calls';

type Upload = {
  key: number;
  name: string;
  size: number;
  phase: 'waiting' | 'sending' | 'done' | 'failed';
  sent: number;
  error?: string;
};

// What the server reads (lib/knowledge/extract): by extension first, then by type.
const ACCEPT =
  '.pdf,.docx,.md,.markdown,.html,.htm,.txt,application/pdf,text/markdown,text/html,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let nextKey = 0;

/**
 * Files dropped on the zone or chosen with it (it is a button that opens the picker), uploaded
 * one after the other, each with its own progress and result: the API's words when refused.
 */
export function FileDrop(props: {
  calls: KnowledgeCalls;
  onAdded: (id: string) => void;
  announce: (text: string) => void;
}) {
  const t = useTranslations('console.knowledge');
  const format = useFormatter();
  const errorText = useApiErrorText();
  const input = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);

  const update = (key: number, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const send = async (key: number, file: File) => {
    update(key, { phase: 'sending' });
    try {
      const created = await props.calls.upload(file, (sent) => update(key, { sent }));
      update(key, { phase: 'done', sent: file.size });
      props.announce(t('added', { title: file.name }));
      props.onAdded(created.id);
    } catch (caught) {
      const error =
        caught instanceof AdminApiError && caught.status !== 0 ? caught.message : errorText(caught);
      update(key, { phase: 'failed', error });
      props.announce(`${file.name}: ${error}`);
    }
  };

  const add = (files: File[]) => {
    const items = files.map((file) => ({ file, key: nextKey++ }));
    setUploads((list) => [
      ...list,
      ...items.map(({ file, key }) => ({
        key,
        name: file.name,
        size: file.size,
        phase: 'waiting' as const,
        sent: 0,
      })),
    ]);
    for (const { file, key } of items) queue.current = queue.current.then(() => send(key, file));
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    add([...event.dataTransfer.files]);
  };

  const finished = uploads.filter((u) => u.phase === 'done' || u.phase === 'failed');
  return (
    <div className="flex flex-col gap-3">
      <button
        type="button"
        onClick={() => input.current?.click()}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid="drop-zone"
        className={`flex min-h-36 w-full flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed px-4 py-6 text-center ${focusRing} ${
          over ? 'border-accent bg-accent-soft' : 'border-border-strong bg-bg hover:bg-surface-2'
        }`}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          width="28"
          height="28"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
          className="text-accent"
        >
          <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
        </svg>
        <span className="text-base font-medium text-fg">{t('dropTitle')}</span>
        <span className="max-w-prose text-sm text-muted">{t('dropHint')}</span>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        aria-label={t('fileInput')}
        className="hidden"
        onChange={(event) => {
          add([...(event.target.files ?? [])]);
          event.target.value = '';
        }}
      />
      {uploads.length > 0 ? (
        <ul
          aria-label={t('uploads')}
          className="flex flex-col divide-y divide-border rounded-lg border border-border bg-bg"
        >
          {uploads.map((u) => (
            <li
              key={u.key}
              data-testid="upload"
              className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm"
            >
              <span className="min-w-0 flex-1 truncate font-medium">{u.name}</span>
              <span className="text-xs text-muted tabular-nums">
                {u.size < 1_000_000
                  ? format.number(Math.max(1, Math.round(u.size / 1000)), { style: 'unit', unit: 'kilobyte' })
                  : format.number(u.size / 1_000_000, {
                      style: 'unit',
                      unit: 'megabyte',
                      maximumFractionDigits: 1,
                    })}
              </span>
              <UploadState upload={u} />
            </li>
          ))}
        </ul>
      ) : null}
      {finished.length > 0 ? (
        <button
          type="button"
          className={`${buttonClass.secondary} self-start`}
          onClick={() =>
            setUploads((list) => list.filter((u) => u.phase === 'waiting' || u.phase === 'sending'))
          }
        >
          {t('clearUploads')}
        </button>
      ) : null}
    </div>
  );
}

function UploadState({ upload: u }: { upload: Upload }) {
  const t = useTranslations('console.knowledge');
  const format = useFormatter();
  if (u.phase === 'waiting') return <span className="text-muted">{t('uploadWaiting')}</span>;
  if (u.phase === 'sending') {
    return (
      <span className="flex items-center gap-2">
        <span className="text-xs text-muted tabular-nums">
          {format.number(Math.min(1, u.sent / Math.max(u.size, 1)), { style: 'percent' })}
        </span>
        <progress
          max={Math.max(u.size, 1)}
          value={u.sent}
          aria-label={t('uploadProgress', { name: u.name })}
          className="h-1.5 w-32 appearance-none overflow-hidden rounded-full bg-surface-2 [&::-moz-progress-bar]:bg-accent [&::-webkit-progress-bar]:bg-surface-2 [&::-webkit-progress-value]:bg-accent"
        />
      </span>
    );
  }
  if (u.phase === 'done') return <span className="text-fg">{t('uploadDone')}</span>;
  return (
    <p className="basis-full break-words text-danger">{t('uploadFailed', { message: u.error ?? '' })}</p>
  );
}
