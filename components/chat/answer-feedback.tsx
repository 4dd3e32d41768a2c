'use client';

import { type FormEvent, useId, useState } from 'react';
import { useTranslations } from 'use-intl';
import { ThumbDownIcon, ThumbUpIcon } from './icons';

export type Rate = (messageId: string, rating: 'up' | 'down', comment?: string | null) => Promise<void>;

type Phase = 'idle' | 'saving' | 'asking' | 'thanked' | 'failed';

/**
 * Thumbs up and down under a finished answer, as pressed toggles; after thumbs down an optional
 * comment. A vote is stored at once (the comment, if any, replaces it with the same rating), can
 * be changed, and shows again after a reload (the server sends it with the message).
 */
export function AnswerFeedback(props: { messageId: string; initial: 'up' | 'down' | null; onRate: Rate }) {
  const t = useTranslations('chat');
  const [rating, setRating] = useState(props.initial);
  const [phase, setPhase] = useState<Phase>('idle');
  const [comment, setComment] = useState('');
  const commentId = useId();

  const vote = async (next: 'up' | 'down', text: string | null = null) => {
    const before = rating;
    setRating(next);
    setPhase('saving');
    try {
      await props.onRate(props.messageId, next, text);
      setPhase(next === 'down' && text === null ? 'asking' : 'thanked');
    } catch {
      setRating(before);
      setPhase('failed');
    }
  };

  const sendComment = (event: FormEvent) => {
    event.preventDefault();
    const text = comment.trim();
    if (text) void vote('down', text);
    else setPhase('thanked');
  };

  const button = (value: 'up' | 'down') => (
    <button
      type="button"
      aria-pressed={rating === value}
      aria-label={value === 'up' ? t('rateGood') : t('rateBad')}
      title={value === 'up' ? t('rateGood') : t('rateBad')}
      disabled={phase === 'saving'}
      onClick={() => void vote(value)}
      className="inline-flex size-8 items-center justify-center rounded-full text-muted hover:bg-surface-2 hover:text-fg aria-pressed:bg-accent aria-pressed:text-accent-contrast disabled:cursor-wait"
    >
      {value === 'up' ? <ThumbUpIcon className="size-4" /> : <ThumbDownIcon className="size-4" />}
    </button>
  );

  return (
    <div className="flex flex-col gap-1.5">
      <fieldset className="flex items-center gap-0.5">
        <legend className="sr-only">{t('rateGroup')}</legend>
        {button('up')}
        {button('down')}
        <p role="status" className="ms-1 text-xs text-muted">
          {phase === 'thanked' ? t('rateThanks') : ''}
        </p>
      </fieldset>
      {phase === 'failed' && (
        <p role="alert" className="text-xs text-danger">
          {t('rateFailed')}
        </p>
      )}
      {phase === 'asking' && (
        <form onSubmit={sendComment} className="flex w-72 max-w-full flex-col gap-1.5">
          <label htmlFor={commentId} className="text-xs font-medium text-fg">
            {t('rateComment')}
          </label>
          <textarea
            id={commentId}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
            rows={2}
            className="w-full resize-none rounded-lg border border-border-strong bg-bg px-2.5 py-1.5 text-sm text-fg"
          />
          <div className="flex gap-2">
            <button
              type="submit"
              className="inline-flex min-h-8 items-center rounded-full bg-accent px-3 text-sm font-medium text-accent-contrast hover:opacity-90"
            >
              {t('rateSend')}
            </button>
            <button
              type="button"
              onClick={() => setPhase('idle')}
              className="inline-flex min-h-8 items-center rounded-full border border-border-strong px-3 text-sm font-medium text-fg hover:bg-surface-2"
            >
              {t('rateSkip')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
