'use client';

import { useFormatter, useTranslations } from 'use-intl';
import type { ApiConversation } from './api';

export function ConversationList(props: {
  conversations: ApiConversation[];
  currentId: string | null;
  onOpen: (id: string) => void;
  id: string;
}) {
  const t = useTranslations('chat');
  const format = useFormatter();
  return (
    <nav
      id={props.id}
      aria-label={t('conversations')}
      className="border-b border-border bg-surface px-3 py-2"
    >
      {props.conversations.length === 0 ? (
        <p className="py-2 text-sm text-muted">{t('noConversations')}</p>
      ) : (
        <ul className="max-h-60 space-y-1 overflow-y-auto">
          {props.conversations.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                onClick={() => props.onOpen(c.id)}
                aria-current={c.id === props.currentId ? 'true' : undefined}
                className="flex w-full items-baseline justify-between gap-3 rounded-lg px-3 py-2 text-start text-fg hover:bg-surface-2 aria-[current]:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent"
              >
                <span className="truncate">{c.title || t('untitled')}</span>
                <time dateTime={c.updatedAt} className="shrink-0 text-xs text-muted">
                  {format.dateTime(new Date(c.updatedAt), { dateStyle: 'medium' })}
                </time>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
