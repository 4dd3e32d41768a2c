'use client';

import { useFormatter, useTranslations } from 'use-intl';
import { plainText } from '@/lib/text/plain';
import type { ApiConversation } from './api';

function sameDay(a: Date, b: Date): boolean {
  return a.toDateString() === b.toDateString();
}

/** The visitor's earlier conversations, newest first; the heading that names it is the caller's. */
export function ConversationList(props: {
  conversations: ApiConversation[];
  currentId: string | null;
  onOpen: (id: string) => void;
  labelledBy: string;
}) {
  const t = useTranslations('chat');
  const format = useFormatter();
  const now = new Date();
  return (
    <nav aria-labelledby={props.labelledBy} className="flex min-h-0 flex-1 flex-col">
      {props.conversations.length === 0 ? (
        <p className="px-5 py-2 text-sm text-muted">{t('noConversations')}</p>
      ) : (
        <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto px-2 pb-3">
          {props.conversations.map((c) => {
            const updated = new Date(c.updatedAt);
            return (
              <li key={c.id}>
                <button
                  type="button"
                  onClick={() => props.onOpen(c.id)}
                  aria-current={c.id === props.currentId ? 'true' : undefined}
                  className="flex w-full flex-col rounded-md px-3 py-2 text-start text-fg hover:bg-surface-2 aria-[current]:bg-accent-soft"
                >
                  {/* Titles stored before they were made plain may still hold Markdown. */}
                  <span className="w-full truncate text-sm font-medium [unicode-bidi:plaintext]">
                    {(c.title && plainText(c.title)) || t('untitled')}
                  </span>
                  <time dateTime={c.updatedAt} className="text-xs text-muted">
                    {sameDay(updated, now)
                      ? format.dateTime(updated, { hour: 'numeric', minute: '2-digit' })
                      : format.dateTime(updated, { dateStyle: 'medium' })}
                  </time>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
