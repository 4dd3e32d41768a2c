'use client';

import { useTranslations } from 'use-intl';
import { Avatar } from './avatar';
import { AlertIcon, ArrowForwardIcon } from './icons';

/** A new conversation: the greeting and a few questions to start with, or why the chat cannot answer. */
export function EmptyState(props: {
  available: boolean;
  avatarUrl: string | null;
  greeting: string | null;
  starters: string[] | null;
  onStart: (question: string, byKeyboard: boolean) => void;
}) {
  const t = useTranslations('chat');
  if (!props.available) {
    return (
      <div className="parley-fade mx-auto flex min-h-full max-w-sm flex-col items-center justify-center px-4 pb-8 text-center">
        <span className="grid size-14 place-items-center rounded-full bg-surface-2 text-muted">
          <AlertIcon className="size-7" />
        </span>
        <h2 className="mt-4 text-lg font-semibold">{t('unavailable')}</h2>
        <p className="mt-1 text-muted">{t('unavailableBody')}</p>
      </div>
    );
  }
  const starters = props.starters ?? [t('starter1'), t('starter2'), t('starter3')];
  return (
    <div className="parley-fade mx-auto flex min-h-full max-w-md flex-col justify-center px-1 pb-6">
      <div className="flex flex-col items-center text-center">
        <Avatar url={props.avatarUrl} size="lg" />
        <h2 className="mt-4 text-xl font-semibold text-balance">{props.greeting ?? t('greeting')}</h2>
      </div>
      {starters.length > 0 && (
        <ul aria-label={t('starters')} className="mt-6 flex flex-col gap-2">
          {starters.map((question) => (
            <li key={question}>
              <button
                type="button"
                onClick={(event) => props.onStart(question, event.currentTarget.matches(':focus-visible'))}
                className="group flex w-full items-center gap-3 rounded-lg border border-border bg-bg px-4 py-3 text-start text-fg shadow-panel motion-safe:transition-colors hover:border-border-strong hover:bg-accent-soft"
              >
                <span className="min-w-0 flex-1 [overflow-wrap:anywhere]">{question}</span>
                <ArrowForwardIcon className="size-4 text-muted motion-safe:transition-transform motion-safe:group-hover:translate-x-0.5 motion-safe:rtl:group-hover:-translate-x-0.5" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
