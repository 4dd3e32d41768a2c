'use client';

import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import { Avatar } from './avatar';
import { CloseIcon, ComposeIcon, MenuIcon } from './icons';

/** The site's name and avatar, and the chat's actions (which of them show depends on the layout). */
export function ChatHeader(props: {
  title: string;
  avatarUrl: string | null;
  available: boolean;
  /** Classes that hide the drawer's and the header's own New conversation buttons where a side panel has them. */
  compactOnly: string;
  drawerOpen: boolean;
  drawerId: string;
  onOpenDrawer: () => void;
  onNew: () => void;
  onClose?: () => void;
  /** In the site's colour, as a widget's header is; otherwise plain, as a full page's. */
  tinted?: boolean;
}) {
  const t = useTranslations('chat');
  const look = props.tinted
    ? 'parley-on-accent bg-accent text-accent-contrast'
    : 'border-b border-border bg-bg';
  return (
    <header className={`flex min-h-15 items-center gap-1 px-2 pt-[env(safe-area-inset-top)] ${look}`}>
      <div className={props.compactOnly}>
        <IconButton
          label={t('showConversations')}
          aria-haspopup="dialog"
          aria-expanded={props.drawerOpen}
          aria-controls={props.drawerId}
          onClick={props.onOpenDrawer}
        >
          <MenuIcon />
        </IconButton>
      </div>
      <div className="flex min-w-0 flex-1 items-center gap-2.5 px-1.5">
        <Avatar url={props.avatarUrl} size="md" />
        <div className="min-w-0">
          <h1 className="truncate text-base font-semibold leading-5">{props.title}</h1>
          <p className={`flex items-center gap-1.5 truncate text-xs ${props.tinted ? '' : 'text-muted'}`}>
            <span
              aria-hidden="true"
              className={`size-1.5 shrink-0 rounded-full ${props.available ? 'bg-online' : 'bg-muted'}`}
            />
            {props.available ? t('subtitle') : t('unavailablePlaceholder')}
          </p>
        </div>
      </div>
      <div className={props.compactOnly}>
        <IconButton label={t('newConversation')} onClick={props.onNew}>
          <ComposeIcon />
        </IconButton>
      </div>
      {props.onClose && (
        <IconButton label={t('close')} onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      )}
    </header>
  );
}

function IconButton(
  props: { label: string; children: ReactNode } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'>,
) {
  const { label, children, ...rest } = props;
  return (
    <button
      type="button"
      title={label}
      {...rest}
      className="grid size-10 place-items-center rounded-md hover:bg-[color-mix(in_srgb,currentColor_12%,transparent)]"
    >
      {children}
      <span className="sr-only">{label}</span>
    </button>
  );
}
