'use client';

import { type Ref, useEffect, useImperativeHandle, useId, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { Composer } from './composer';
import { ConversationList } from './conversation-list';
import { MessageItem, TypingIndicator } from './message-item';
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
  controllerRef?: Ref<ChatController>;
};

export function ChatApp(props: ChatAppProps) {
  const t = useTranslations('chat');
  const chat = useChat({ siteId: props.siteId, locale: props.locale, store: props.store });
  const [showList, setShowList] = useState(false);
  const listId = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const { onAnswer } = props;

  useImperativeHandle(
    props.controllerRef,
    () => ({
      send: (text: string) => void chat.send(text),
      reset: () => chat.reset(),
      focus: () => textareaRef.current?.focus(),
    }),
    [chat.send, chat.reset],
  );

  // Keep the newest text in view while it streams.
  const last = chat.messages.at(-1);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the last message grows.
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [chat.messages.length, last?.content.length]);

  useEffect(() => {
    if (chat.announcement && onAnswer) {
      const message = chat.messages.find((m) => m.id === chat.announcement?.id);
      if (message) onAnswer(message);
    }
    // Only a new announcement is news for the host page.
    // biome-ignore lint/correctness/useExhaustiveDependencies: messages are read, not watched.
  }, [chat.announcement, onAnswer]);

  const waiting = chat.busy && last?.role === 'user';
  const announcement = chat.announcement;

  return (
    <div className="flex h-dvh flex-col bg-bg text-fg">
      <header className="flex items-center gap-2 border-b border-border bg-surface px-3 py-2">
        <h1 className="flex-1 truncate text-base font-semibold">{props.title ?? t('title')}</h1>
        <button
          type="button"
          aria-expanded={showList}
          aria-controls={listId}
          onClick={() => setShowList((v) => !v)}
          className="rounded-lg px-3 py-2 text-sm text-fg hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent"
        >
          {showList ? t('hideConversations') : t('showConversations')}
        </button>
        <button
          type="button"
          onClick={() => {
            chat.startNew();
            setShowList(false);
            textareaRef.current?.focus();
          }}
          className="rounded-lg border border-border px-3 py-2 text-sm font-medium text-fg hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent"
        >
          {t('newConversation')}
        </button>
        {props.onClose && (
          <button
            type="button"
            onClick={props.onClose}
            aria-label={t('close')}
            className="rounded-lg px-3 py-2 text-lg leading-none text-fg hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent"
          >
            <span aria-hidden="true">×</span>
          </button>
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
      <main className="flex-1 overflow-y-auto px-3 py-4" aria-busy={chat.loading}>
        {!props.configured && (
          <div role="alert" className="mx-auto mb-4 max-w-prose rounded-xl border border-warning bg-surface p-4 text-sm">
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
          <ol className="mx-auto flex max-w-3xl flex-col gap-4" aria-label={t('title')}>
            {chat.messages.map((message) => (
              <MessageItem
                key={message.id}
                message={message}
                onRetry={(m) => void chat.retry(m)}
                canRetry={!chat.busy}
              />
            ))}
            {waiting && (
              <li className="flex justify-start">
                <TypingIndicator label={t('typing')} />
              </li>
            )}
          </ol>
        )}
        <div ref={endRef} />
      </main>
      <div className="mx-auto w-full max-w-3xl">
        <Composer
          busy={chat.busy}
          disabled={!props.configured}
          maxChars={props.maxChars}
          onSend={(text) => void chat.send(text)}
          onStop={() => void chat.stop()}
          textareaRef={textareaRef}
        />
      </div>
      <div className="sr-only" aria-live="polite" aria-atomic="true">
        {announcement
          ? announcement.kind === 'complete'
            ? t('answerReady', { text: announcement.text })
            : announcement.kind === 'stopped'
              ? t('answerStopped')
              : t('answerFailed')
          : ''}
      </div>
    </div>
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
