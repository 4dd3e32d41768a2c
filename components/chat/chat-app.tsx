'use client';

import { type Ref, useEffect, useId, useImperativeHandle, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import type { ChatBranding } from '@/lib/branding';
import { ChatHeader } from './chat-header';
import { Composer } from './composer';
import { ConversationList } from './conversation-list';
import { Drawer } from './drawer';
import { EmptyState } from './empty-state';
import { CloseIcon, ComposeIcon } from './icons';
import { MessageList } from './message-list';
import type { HostIdentity } from './use-chat';
import { type UiMessage, useChat, type VisitorStore } from './use-chat';

export type ChatController = {
  send(text: string): void;
  reset(): void;
  identify(user: HostIdentity): void;
  focus(): void;
};

export type ChatAppProps = {
  siteId: string;
  locale: string;
  /** Null until the widget's loader hands over the visitor: the chat shows, its work waits. */
  store: VisitorStore | null;
  maxChars: number;
  configured: boolean;
  branding: ChatBranding;
  /**
   * The phone layout at any width (the widget's narrow panel): earlier conversations in a drawer.
   * Otherwise they sit in a side panel from 1024 px up.
   */
  compact?: boolean;
  onClose?: () => void;
  onAnswer?: (message: UiMessage) => void;
  /** Called once the visitor's earlier conversation (if any) is loaded and the chat takes commands. */
  onReady?: () => void;
  controllerRef?: Ref<ChatController>;
};

export function ChatApp(props: ChatAppProps) {
  const t = useTranslations('chat');
  const chat = useChat({ siteId: props.siteId, locale: props.locale, store: props.store });
  const [drawer, setDrawer] = useState(false);
  const drawerId = useId();
  const panelHeadingId = useId();
  const drawerHeadingId = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const scrollerRef = useRef<HTMLElement>(null);
  const { onAnswer, onReady, branding } = props;
  const title = branding.title ?? t('defaultTitle');
  // Where the side panel shows, the header's copies of its actions do not.
  const compactOnly = props.compact ? '' : 'lg:hidden';

  useImperativeHandle(
    props.controllerRef,
    () => ({
      send: (text: string) => void chat.send(text),
      reset: () => chat.reset(),
      identify: (user: HostIdentity) => chat.identify(user),
      focus: () => textareaRef.current?.focus(),
    }),
    [chat.send, chat.reset, chat.identify],
  );

  // Only a new announcement is news for the host page; the messages are read, not watched.
  const messagesRef = useRef(chat.messages);
  messagesRef.current = chat.messages;
  useEffect(() => {
    const id = chat.announcement?.id;
    const message = id ? messagesRef.current.find((m) => m.id === id) : undefined;
    if (message && onAnswer) onAnswer(message);
  }, [chat.announcement, onAnswer]);

  useEffect(() => {
    if (!chat.loading) onReady?.();
  }, [chat.loading, onReady]);

  const waiting = chat.busy && chat.messages.at(-1)?.role === 'user';
  const announcement = chat.announcement;

  const startNew = () => {
    chat.startNew();
    textareaRef.current?.focus();
  };
  const open = (id: string) => {
    void chat.open(id);
    setDrawer(false);
  };
  const list = (labelledBy: string) => (
    <ConversationList
      labelledBy={labelledBy}
      conversations={chat.conversations}
      currentId={chat.conversationId}
      onOpen={open}
    />
  );

  return (
    <div className="flex h-dvh bg-bg text-fg">
      {!props.compact && (
        <aside className="hidden w-72 shrink-0 flex-col border-e border-border bg-surface lg:flex">
          <div className="flex min-h-15 items-center border-b border-border px-3">
            <button
              type="button"
              onClick={startNew}
              className="flex min-h-10 w-full items-center gap-2.5 rounded-md border border-border-strong bg-bg px-3 text-sm font-medium text-fg shadow-panel hover:bg-surface-2"
            >
              <ComposeIcon className="size-4" />
              {t('newConversation')}
            </button>
          </div>
          <h2 id={panelHeadingId} className="px-5 pt-4 pb-1.5 text-xs font-medium text-muted">
            {t('conversations')}
          </h2>
          {list(panelHeadingId)}
        </aside>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <ChatHeader
          title={title}
          avatarUrl={branding.avatarUrl}
          available={props.configured}
          compactOnly={compactOnly}
          drawerOpen={drawer}
          drawerId={drawerId}
          onOpenDrawer={() => setDrawer(true)}
          onNew={startNew}
          onClose={props.onClose}
          tinted={props.compact}
        />
        {/* The list keeps its own place when earlier messages go in above (pinned-scroll.ts). */}
        <main
          ref={scrollerRef}
          tabIndex={-1}
          className="flex-1 overflow-y-auto px-3 pt-5 pb-2 outline-none [overflow-anchor:none] sm:px-4"
          aria-busy={chat.loading}
          aria-label={t('title')}
        >
          {chat.loading ? (
            <p className="mt-8 text-center text-sm text-muted">{t('loading')}</p>
          ) : chat.messages.length === 0 ? (
            <EmptyState
              available={props.configured}
              avatarUrl={branding.avatarUrl}
              greeting={branding.greeting}
              starters={branding.starters}
              onStart={(question, byKeyboard) => {
                chat.send(question);
                // The starter goes away with the empty state; a keyboard user goes on in the composer
                // (a tap does not move the focus, which would open a phone's keyboard).
                if (byKeyboard) textareaRef.current?.focus({ preventScroll: true });
              }}
            />
          ) : (
            <MessageList
              messages={chat.messages}
              busy={chat.busy}
              waiting={waiting}
              older={chat.older}
              onOlder={chat.showOlder}
              onRetry={chat.retry}
              onRate={chat.rate}
              conversationId={chat.conversationId}
              avatarUrl={branding.avatarUrl}
              assistantName={title}
              scrollerRef={scrollerRef}
            />
          )}
        </main>
        <footer className="bg-bg pb-[env(safe-area-inset-bottom)]">
          <Composer
            busy={chat.busy}
            unavailable={!props.configured}
            maxChars={props.maxChars}
            onSend={(text) => void chat.send(text)}
            onStop={() => void chat.stop()}
            textareaRef={textareaRef}
          />
          <div className="sr-only" aria-live="polite" aria-atomic="true">
            {announcement
              ? announcement.kind === 'complete'
                ? t('answerReady', { text: announcement.text })
                : announcement.kind === 'stopped'
                  ? t('answerStopped')
                  : t('answerFailed')
              : ''}
          </div>
        </footer>
      </div>
      <Drawer id={drawerId} open={drawer} onClose={() => setDrawer(false)} labelledBy={drawerHeadingId}>
        <div className="flex h-full flex-col">
          <div className="flex min-h-15 items-center justify-between gap-2 border-b border-border ps-5 pe-2">
            <h2 id={drawerHeadingId} className="text-base font-semibold">
              {t('conversations')}
            </h2>
            <button
              type="button"
              onClick={() => setDrawer(false)}
              title={t('closeConversations')}
              className="grid size-10 place-items-center rounded-md hover:bg-surface-2"
            >
              <CloseIcon />
              <span className="sr-only">{t('closeConversations')}</span>
            </button>
          </div>
          <div className="flex min-h-0 flex-1 flex-col pt-2">{list(drawerHeadingId)}</div>
        </div>
      </Drawer>
    </div>
  );
}
