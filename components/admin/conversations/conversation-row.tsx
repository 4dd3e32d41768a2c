'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'use-intl';
import type { ApiConversationRow } from '@/lib/contracts/admin';
import { Badge, focusRing, ThumbIcon } from '../ui';

export function ConversationRow(props: { row: ApiConversationRow; siteName?: string }) {
  const t = useTranslations('console.conversations');
  const format = useFormatter();
  const { row } = props;
  const updated = new Date(row.updatedAt);
  return (
    <li>
      <Link
        href={`/admin/conversations/${row.id}`}
        className={`block rounded-xl border border-border bg-bg px-4 py-3 hover:bg-surface ${focusRing}`}
      >
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <span className="min-w-0 flex-1 truncate font-medium text-fg">{row.title ?? t('untitled')}</span>
          <span className="flex flex-wrap gap-1">
            {row.errors > 0 ? <Badge tone="danger">{t('badgeErrors', { count: row.errors })}</Badge> : null}
            {row.stopped > 0 ? (
              <Badge tone="warning">{t('badgeStopped', { count: row.stopped })}</Badge>
            ) : null}
            {row.interrupted > 0 ? (
              <Badge tone="warning">{t('badgeInterrupted', { count: row.interrupted })}</Badge>
            ) : null}
            {row.up > 0 ? (
              <Badge tone="accent">
                <ThumbIcon direction="up" />
                <span className="sr-only">{t('badgeUp', { count: row.up })}</span>
                <span aria-hidden="true">{row.up}</span>
              </Badge>
            ) : null}
            {row.down > 0 ? (
              <Badge tone="danger">
                <ThumbIcon direction="down" />
                <span className="sr-only">{t('badgeDown', { count: row.down })}</span>
                <span aria-hidden="true">{row.down}</span>
              </Badge>
            ) : null}
          </span>
        </div>
        <div className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-sm text-muted">
          <span className="font-mono text-xs leading-5">{props.siteName ?? row.siteId}</span>
          <span>{t('messages', { count: row.messages })}</span>
          <span>
            {t('lastActivity', {
              time: format.dateTime(updated, { dateStyle: 'medium', timeStyle: 'short' }),
            })}
          </span>
        </div>
      </Link>
    </li>
  );
}
