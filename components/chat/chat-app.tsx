'use client';

import {
  type ButtonHTMLAttributes,
  type ReactNode,
  type Ref,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';
import { useTranslations } from 'use-intl';
import { Composer } from './composer';
import { ConversationList } from './conversation-list';
import { MessageList } from './message-list';
import { type UiMessage, useChat, type VisitorStore } from './use-chat';

export type ChatController = {
  send(text: string): void;
  reset(): void;
  focus(): void;
};

export type ChatAppProps = {
  siteId: string;
  locale: string;
  store: VisitorStore;
  maxChars: number;
  configured: boolean;
  title?: string;
  onClose?: () => void;
  onAnswer?: (message: UiMessage) => void;
  /** Called once the visitor's earlier conversation (if any) is loaded and the chat takes commands. */
  onReady?: () => void;
  controllerRef?: Ref<ChatController>;
};

export function ChatApp(props: ChatAppProps) {
  const t = useTranslations('chat');
  const chat = useChat({ siteId: props.siteId, locale: props.locale, store: props.store });
  const [showList, setShowList] = useState(false);
  const listId = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const scrollerRef = useRef<HTMLElement>(null);
  const { onAnswer, onReady } = props;

  useImperativeHandle(
    props.controllerRef,
    () => ({
      send: (text: string) => void chat.send(text),
      reset: () => chat.reset(),
      focus: () => textareaRef.current?.focus(),
    }),
    [chat.send, chat.reset],
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

  return (
    <div className="flex h-dvh flex-col bg-bg text-fg">
      <header className="@container flex items-center gap-1 border-b border-border bg-surface px-3 py-2">
        <h1 className="min-w-0 flex-1 truncate text-base font-semibold">{props.title ?? t('title')}</h1>
        <HeaderButton
          label={showList ? t('hideConversations') : t('showConversations')}
          icon={<path d="M4 6h16M4 12h16M4 18h10" />}
          aria-expanded={showList}
          aria-controls={listId}
          onClick={() => setShowList((v) => !v)}
        />
        <HeaderButton
          label={t('newConversation')}
          icon={<path d="M12 5v14M5 12h14" />}
          bordered
          onClick={() => {
            chat.startNew();
            setShowList(false);
            textareaRef.current?.focus();
          }}
        />
        {props.onClose && (
          <HeaderButton
            label={t('close')}
            icon={<path d="M6 6l12 12M18 6L6 18" />}
            iconOnly
            onClick={props.onClose}
          />
        )}
      </header>
      {showList && (
        <ConversationList
          id={listId}
          conversations={chat.conversations}
          currentId={chat.conversationId}
          onOpen={(id) => {
            void chat.open(id);
            setShowList(false);
          }}
        />
      )}
      {/* The list keeps its own place when earlier messages go in above (message-list.tsx). */}
      <main
        ref={scrollerRef}
        className="flex-1 overflow-y-auto px-3 py-4 [overflow-anchor:none]"
        aria-busy={chat.loading}
        aria-label={t('title')}
      >
        {!props.configured && (
          <div
            role="alert"
            className="mx-auto mb-4 max-w-prose rounded-xl border border-warning bg-surface p-4 text-sm"
          >
            <SetupNotice />
          </div>
        )}
        {chat.loading ? (
          <p className="text-center text-sm text-muted">{t('loading')}</p>
        ) : chat.messages.length === 0 ? (
          <div className="mx-auto mt-8 max-w-prose text-center">
            <h2 className="text-lg font-semibold">{t('welcomeTitle')}</h2>
            <p className="mt-1 text-muted">{t('welcomeBody')}</p>
          </div>
        ) : (
          <MessageList
            messages={chat.messages}
            busy={chat.busy}
            waiting={waiting}
            older={chat.older}
            onOlder={chat.showOlder}
            onRetry={chat.retry}
            scrollerRef={scrollerRef}
          />
        )}
      </main>
      <footer className="border-t border-border bg-surface pb-[env(safe-area-inset-bottom)]">
        <Composer
          busy={chat.busy}
          disabled={!props.configured}
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
  );
}

/**
 * A header action: icon and text when the chat is wide, the icon alone (same accessible name)
 * in a narrow widget panel.
 */
function HeaderButton(
  props: {
    label: string;
    icon: ReactNode;
    bordered?: boolean;
    iconOnly?: boolean;
  } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'>,
) {
  const { label, icon, bordered, iconOnly, ...rest } = props;
  return (
    <button
      type="button"
      title={label}
      {...rest}
      className={`flex min-h-10 min-w-10 items-center justify-center gap-1.5 rounded-lg px-2.5 py-2 text-sm text-fg hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent ${bordered ? 'border border-border font-medium' : ''}`}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className={`size-5 shrink-0 ${iconOnly ? '' : '@lg:hidden'}`}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      >
        {icon}
      </svg>
      <span className={iconOnly ? 'sr-only' : 'sr-only @lg:not-sr-only'}>{label}</span>
    </button>
  );
}

function SetupNotice() {
  const t = useTranslations('setup');
  return (
    <>
      <h2 className="font-semibold">{t('notConfiguredTitle')}</h2>
      <p className="mt-1">{t('notConfiguredBody')}</p>
    </>
  );
}
