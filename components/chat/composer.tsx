'use client';

import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';

export function Composer(props: {
  busy: boolean;
  disabled?: boolean;
  maxChars: number;
  onSend: (text: string) => void;
  onStop: () => void;
  textareaRef?: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const t = useTranslations('chat');
  const [text, setText] = useState('');
  const hintId = useId();
  const localRef = useRef<HTMLTextAreaElement>(null);
  const ref = props.textareaRef ?? localRef;
  const over = text.length - props.maxChars;

  // Text typed into the server-rendered page before React took over is kept, not silently dropped.
  // biome-ignore lint/correctness/useExhaustiveDependencies: read the field once, on mount.
  useEffect(() => {
    const early = ref.current?.value;
    if (early) setText(early);
  }, []);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (props.busy || props.disabled || !text.trim() || over > 0) return;
    props.onSend(text);
    setText('');
    ref.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form onSubmit={submit} className="mx-auto w-full max-w-3xl p-3">
      <div className="flex items-end gap-2">
        <textarea
          ref={ref}
          aria-label={t('messageLabel')}
          aria-describedby={hintId}
          placeholder={t('placeholder')}
          value={text}
          rows={1}
          disabled={props.disabled}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          className="field-sizing-content max-h-40 min-h-11 flex-1 resize-none rounded-xl border border-border bg-bg px-3 py-2 text-base text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent disabled:opacity-60"
        />
        {props.busy ? (
          <button
            type="button"
            onClick={props.onStop}
            className="min-h-11 rounded-xl border border-border bg-surface-2 px-4 font-medium text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
          >
            {t('stop')}
          </button>
        ) : (
          <button
            type="submit"
            disabled={props.disabled || !text.trim() || over > 0}
            className="min-h-11 rounded-xl bg-accent px-4 font-medium text-accent-contrast focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:opacity-50"
          >
            {t('send')}
          </button>
        )}
      </div>
      <p id={hintId} className={`mt-1 text-xs ${over > 0 ? 'text-danger' : 'text-muted'}`}>
        {over > 0 ? t('tooLong', { count: over }) : t('composerHint')}
      </p>
    </form>
  );
}
