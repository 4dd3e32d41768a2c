'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type ApiConversation, ApiError, type ApiMessage, ChatApi, newId, readEvents } from './api';

export type UiStatus = ApiMessage['status'] | 'sending' | 'unsent';
export type UiMessage = {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  status: UiStatus;
  errorCode?: string | null;
  retryAfterSeconds?: number;
  model?: string | null;
  createdAt: string;
};

/** Where the visitor token (and the open conversation) are kept: page storage or the loader. */
export interface VisitorStore {
  getToken(): string | null;
  setToken(token: string): void;
  clear(): void;
  getConversation(): string | null;
  setConversation(id: string | null): void;
}

export type Announcement = { id: string; kind: 'complete' | 'stopped' | 'error'; text: string };

function toUi(message: ApiMessage): UiMessage | null {
  if (message.role === 'system') return null;
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    status: message.status,
    errorCode: message.errorCode,
    model: message.model,
    createdAt: message.createdAt,
  };
}

export function useChat(options: { siteId: string; locale: string; store: VisitorStore; apiBase?: string }) {
  const { siteId, locale, store } = options;
  const [messages, setMessages] = useState<UiMessage[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [conversations, setConversations] = useState<ApiConversation[]>([]);
  const [busy, setBusy] = useState(false);
  const [loading, setLoading] = useState(true);
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const conversationRef = useRef<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const sendingRef = useRef(false);
  // Settles once the visitor's earlier conversation is restored: a message sent before then waits
  // for it, so it lands in that conversation and the restore cannot replace it on screen.
  const restored = useRef<{ promise: Promise<void>; settle: () => void } | null>(null);
  if (!restored.current) {
    let settle = () => {};
    const promise = new Promise<void>((resolve) => {
      settle = resolve;
    });
    restored.current = { promise, settle };
  }
  const api = useMemo(
    () => new ChatApi(options.apiBase ?? '', () => store.getToken()),
    [options.apiBase, store],
  );

  const selectConversation = useCallback(
    (id: string | null) => {
      conversationRef.current = id;
      setConversationId(id);
      store.setConversation(id);
    },
    [store],
  );

  const patch = useCallback((id: string, change: Partial<UiMessage>) => {
    setMessages((list) => list.map((m) => (m.id === id ? { ...m, ...change } : m)));
  }, []);

  const ensureToken = useCallback(async () => {
    const existing = store.getToken();
    if (existing) return existing;
    const token = await api.createVisitor(siteId);
    store.setToken(token);
    return token;
  }, [api, siteId, store]);

  const refreshConversations = useCallback(async () => {
    if (!store.getToken()) return;
    try {
      setConversations(await api.conversations());
    } catch {
      // The list is a convenience; the chat works without it.
    }
  }, [api, store]);

  /** Reads one answer's stream into the message list; resumes from the server if it drops. */
  const consume = useCallback(
    async (open: (signal: AbortSignal) => Promise<Response>, pendingUserId: string | null) => {
      const controller = new AbortController();
      abortRef.current = controller;
      setBusy(true);
      let assistantId: string | null = null;
      let ended = false;
      let opener = open;
      try {
        for (let attempt = 0; attempt < 4 && !ended; attempt++) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
          let response: Response;
          try {
            response = await opener(controller.signal);
          } catch (error) {
            if (controller.signal.aborted) return;
            if (error instanceof ApiError && error.code === 'network' && assistantId) continue;
            throw error;
          }
          if (response.status === 204) return;
          let replaced = false;
          for await (const event of readEvents(response)) {
            if (event.type === 'start') {
              const id = event.assistantMessageId;
              assistantId = id;
              if (conversationRef.current !== event.conversationId) selectConversation(event.conversationId);
              if (pendingUserId) patch(pendingUserId, { status: 'complete' });
              setMessages((list) => {
                const rest = list.filter((m) => m.id !== id);
                return [
                  ...rest,
                  {
                    id,
                    role: 'assistant',
                    content: '',
                    status: 'streaming',
                    createdAt: new Date().toISOString(),
                  },
                ];
              });
              replaced = true;
            } else if (event.type === 'delta' && assistantId) {
              const id = assistantId;
              const text = event.text;
              setMessages((list) => list.map((m) => (m.id === id ? { ...m, content: m.content + text } : m)));
            } else if (event.type === 'done' && assistantId) {
              ended = true;
              patch(assistantId, { status: event.status, model: event.model });
            } else if (event.type === 'error' && assistantId) {
              ended = true;
              patch(assistantId, { status: 'error', errorCode: event.code });
            }
          }
          if (!ended && assistantId) {
            // The connection dropped mid-answer: the server goes on writing it; pick it up again.
            const conversation = conversationRef.current;
            if (!conversation || !replaced) break;
            opener = (signal) => api.resume(conversation, signal);
          } else if (!assistantId) {
            break;
          }
        }
        if (!ended && assistantId) patch(assistantId, { status: 'error', errorCode: 'network' });
      } catch (error) {
        const failure = error instanceof ApiError ? error : new ApiError('network', 0);
        if (pendingUserId) {
          patch(pendingUserId, {
            status: 'unsent',
            errorCode: failure.code,
            retryAfterSeconds: failure.retryAfterSeconds,
          });
        } else if (assistantId) {
          patch(assistantId, { status: 'error', errorCode: failure.code });
        }
        if (failure.code === 'unauthorized') store.clear();
      } finally {
        if (abortRef.current === controller) abortRef.current = null;
        setBusy(false);
        void refreshConversations();
      }
    },
    [api, patch, refreshConversations, selectConversation, store],
  );

  // Announce each finished answer once, for screen readers (not every streamed token).
  const finishedRef = useRef(new Set<string>());
  useEffect(() => {
    for (const m of messages) {
      if (m.role !== 'assistant' || m.status === 'streaming' || finishedRef.current.has(m.id)) continue;
      finishedRef.current.add(m.id);
      if (loading) continue;
      const kind = m.status === 'complete' ? 'complete' : m.status === 'stopped' ? 'stopped' : 'error';
      setAnnouncement({ id: m.id, kind, text: m.content });
    }
  }, [messages, loading]);

  const send = useCallback(
    async (text: string, reuseId?: string) => {
      const content = text.trim();
      if (!content || abortRef.current || sendingRef.current) return;
      // Busy from now on, so the composer keeps (rather than takes) whatever is typed meanwhile.
      sendingRef.current = true;
      setBusy(true);
      const messageId = reuseId ?? newId();
      setMessages((list) => {
        const rest = list.filter((m) => m.id !== messageId);
        return [
          ...rest,
          { id: messageId, role: 'user', content, status: 'sending', createdAt: new Date().toISOString() },
        ];
      });
      try {
        await restored.current?.promise;
        try {
          await ensureToken();
        } catch (error) {
          const failure = error instanceof ApiError ? error : new ApiError('network', 0);
          patch(messageId, {
            status: 'unsent',
            errorCode: failure.code,
            retryAfterSeconds: failure.retryAfterSeconds,
          });
          return;
        }
        await consume(
          (signal) =>
            api.chat(
              { conversationId: conversationRef.current ?? undefined, messageId, content, locale },
              signal,
            ),
          messageId,
        );
      } finally {
        sendingRef.current = false;
        if (!abortRef.current) setBusy(false);
      }
    },
    [api, consume, ensureToken, locale, patch],
  );

  const retry = useCallback(
    async (message: UiMessage) => {
      if (abortRef.current) return;
      if (message.role === 'user') return send(message.content, message.id);
      const conversation = conversationRef.current;
      if (!conversation) return;
      finishedRef.current.delete(message.id);
      patch(message.id, { status: 'streaming', content: '', errorCode: null });
      await consume((signal) => api.retry(conversation, message.id, locale, signal), null);
    },
    [api, consume, locale, patch, send],
  );

  const stop = useCallback(async () => {
    const conversation = conversationRef.current;
    if (!conversation) return;
    try {
      await api.stop(conversation);
    } catch {
      // If the stop call fails the answer simply finishes; nothing is lost.
    }
  }, [api]);

  const open = useCallback(
    async (id: string, keepUnsent = false) => {
      abortRef.current?.abort();
      setLoading(true);
      try {
        const data = await api.conversation(id);
        const list = data.messages.map(toUi).filter((m): m is UiMessage => m !== null);
        for (const m of list) finishedRef.current.add(m.id);
        // On restore, what the visitor already sent (still waiting for it) stays below the history.
        setMessages((current) =>
          keepUnsent
            ? [...list, ...current.filter((m) => m.status === 'sending' && !list.some((x) => x.id === m.id))]
            : list,
        );
        selectConversation(id);
        const streaming = list.find((m) => m.status === 'streaming');
        if (streaming) {
          finishedRef.current.delete(streaming.id);
          void consume((signal) => api.resume(id, signal), null);
        }
      } catch (error) {
        if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'unauthorized')) {
          if (error.code === 'unauthorized') store.clear();
          selectConversation(null);
          setMessages([]);
        }
      } finally {
        setLoading(false);
      }
    },
    [api, consume, selectConversation, store],
  );

  const startNew = useCallback(() => {
    if (abortRef.current) abortRef.current.abort();
    selectConversation(null);
    setMessages([]);
  }, [selectConversation]);

  const reset = useCallback(() => {
    abortRef.current?.abort();
    store.clear();
    selectConversation(null);
    setMessages([]);
    setConversations([]);
  }, [selectConversation, store]);

  // Restore the visitor's conversation after a reload.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        if (!store.getToken()) {
          setLoading(false);
          return;
        }
        const list = await api.conversations();
        if (cancelled) return;
        setConversations(list);
        const remembered = store.getConversation();
        const target = list.find((c) => c.id === remembered)?.id ?? list[0]?.id;
        if (target) await open(target, true);
        else setLoading(false);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unauthorized') store.clear();
        if (!cancelled) setLoading(false);
      } finally {
        restored.current?.settle();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [api, open, store]);

  return {
    messages,
    conversations,
    conversationId,
    busy,
    loading,
    announcement,
    send,
    retry,
    stop,
    open,
    startNew,
    reset,
  };
}
