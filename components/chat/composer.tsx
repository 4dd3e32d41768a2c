'use client';

import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { ArrowUpIcon, StopIcon } from './icons';

/**
 * The message field and its one button: Send, or Stop in the same place while an answer is
 * written. One rounded box with one focus ring around both.
 */
export function Composer(props: {
  busy: boolean;
  /** The chat cannot answer at all (no model configured): the field says so and takes no text. */
  unavailable?: boolean;
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
  const canSend = !props.busy && !props.unavailable && text.trim() !== '' && over <= 0;

  // The server-rendered field takes text before React runs it: what was typed then is kept, and an
  // Enter pressed then (a line break at the end, where Enter could only have meant "send") sends it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: read the field once, on mount.
  useEffect(() => {
    const early = ref.current?.value ?? '';
    const sent = early.endsWith('\n') && early.trim() !== '' && early.length <= props.maxChars;
    if (sent && !props.busy && !props.unavailable && ref.current) {
      ref.current.value = '';
      props.onSend(early.trim());
    } else if (early) setText(early);
  }, []);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    // The field itself is the truth: an Enter that makes React hydrate the page arrives before the
    // mount effect above has read what was typed into the server-rendered field.
    const field = ref.current;
    const value = field?.value ?? text;
    if (props.busy || props.unavailable || value.trim() === '' || value.length > props.maxChars) return;
    props.onSend(value);
    setText('');
    if (field) {
      field.value = '';
      field.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const round = 'grid size-9 shrink-0 place-items-center rounded-full motion-safe:transition-colors';
  return (
    <form onSubmit={submit} className="mx-auto w-full max-w-3xl px-3 pt-2 pb-3">
      <div
        className={`parley-composer flex items-end gap-2 rounded-composer border p-1.5 ps-4 ${
          props.unavailable ? 'border-border bg-surface' : 'border-border-strong bg-bg shadow-panel'
        }`}
      >
        <textarea
          ref={ref}
          aria-label={t('messageLabel')}
          aria-describedby={hintId}
          placeholder={props.unavailable ? t('unavailablePlaceholder') : t('placeholder')}
          value={text}
          rows={1}
          disabled={props.unavailable}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          className="field-sizing-content max-h-40 min-h-9 flex-1 resize-none bg-transparent py-1.5 text-input text-fg placeholder:text-muted disabled:cursor-not-allowed"
        />
        {props.busy ? (
          <button
            type="button"
            onClick={props.onStop}
            className={`${round} bg-fg text-bg hover:opacity-85`}
            title={t('stop')}
          >
            <StopIcon className="size-3" />
            <span className="sr-only">{t('stop')}</span>
          </button>
        ) : props.unavailable ? null : (
          <button
            type="submit"
            disabled={!canSend}
            className={`${round} ${canSend ? 'bg-accent text-accent-contrast hover:opacity-90' : 'bg-surface-2 text-muted'}`}
            title={t('send')}
          >
            <ArrowUpIcon className="size-[1.125rem]" />
            <span className="sr-only">{t('send')}</span>
          </button>
        )}
      </div>
      {over > 0 ? (
        <p id={hintId} className="mt-1.5 px-2 text-xs text-danger">
          {t('tooLong', { count: over })}
        </p>
      ) : (
        // A small screen keeps its room for the conversation; screen readers still hear the hint.
        <p id={hintId} className="sr-only mt-1.5 px-2 text-xs text-muted sm:not-sr-only">
          {props.unavailable ? '' : t('composerHint')}
        </p>
      )}
    </form>
  );
}
