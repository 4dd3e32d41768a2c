'use client';

import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { ChatApi, newId } from './api';
import { type HostIdentity, loadOlder, runJob, type VisitorStore } from './chat-jobs';
import { chatReducer, initialChatState, isBusy, isLoading, type UiMessage } from './chat-state';

export type { HostIdentity, VisitorStore } from './chat-jobs';
export type { Announcement, UiMessage, UiStatus } from './chat-state';

/**
 * The chat's state (chat-state.ts) and the jobs it asks for (chat-jobs.ts), for a component.
 * A `store` of null is a visitor not handed over yet (the widget's loader keeps the token): the
 * chat shows and takes a message, and its jobs wait for the store.
 */
export function useChat(options: {
  siteId: string;
  locale: string;
  store: VisitorStore | null;
  apiBase?: string;
}) {
  const { siteId, locale, store } = options;
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  // Who the host page says the visitor is (embed only); read by the jobs when they need a token.
  const identityRef = useRef<HostIdentity | null>(null);
  const identity = useCallback(() => identityRef.current, []);
  const api = useMemo(
    () => new ChatApi(options.apiBase ?? '', () => store?.getToken() ?? null, siteId),
    [options.apiBase, store, siteId],
  );

  // Each job runs until it is done or the state moves on to another one, which aborts it.
  const { job, conversationId } = state;
  useEffect(() => {
    if (!job || !store) return;
    const controller = new AbortController();
    void runJob(job, { api, store, siteId, locale, identity, dispatch, signal: controller.signal });
    return () => controller.abort();
  }, [job, api, store, siteId, locale, identity]);

  // Earlier messages load beside the job (an answer may be streaming meanwhile), aborted the same way.
  const olderJob = state.older.job;
  useEffect(() => {
    if (!olderJob) return;
    const controller = new AbortController();
    void loadOlder(olderJob, { api, dispatch, signal: controller.signal });
    return () => controller.abort();
  }, [olderJob, api]);

  const send = useCallback((text: string) => {
    dispatch({ type: 'send', id: newId(), content: text, at: new Date().toISOString() });
  }, []);

  /** An unsent message goes again with the same id; a failed answer is generated again. */
  const retry = useCallback((message: UiMessage) => {
    dispatch({ type: 'retry', id: message.id, at: new Date().toISOString() });
  }, []);

  const stop = useCallback(async () => {
    if (!conversationId) return;
    try {
      await api.stop(conversationId);
    } catch {
      // If the stop call fails the answer simply finishes; nothing is lost.
    }
  }, [api, conversationId]);

  /** The visitor's vote on an answer (with a comment on a bad one); throws when it was not stored. */
  const rate = useCallback(
    (messageId: string, rating: 'up' | 'down', comment: string | null = null) =>
      api.feedback(messageId, rating, comment),
    [api],
  );

  const showOlder = useCallback(() => dispatch({ type: 'load-older' }), []);

  const open = useCallback((id: string) => dispatch({ type: 'open', conversationId: id }), []);

  const startNew = useCallback(() => {
    store?.setConversation(null);
    dispatch({ type: 'new' });
  }, [store]);

  /** The host's logout (Parley('reset')): this browser's sign-in ends, the chat starts afresh. */
  const reset = useCallback(() => {
    identityRef.current = null;
    if (store && store.getUser() !== null) void api.signOut().catch(() => {});
    store?.clear();
    dispatch({ type: 'reset' });
  }, [store, api]);

  /** Parley('identify'): a visitor the host signed in; another one than the token's reads afresh. */
  const identify = useCallback(
    (user: HostIdentity) => {
      const changed = identityRef.current?.id !== user.id || identityRef.current?.hash !== user.hash;
      identityRef.current = user;
      if (changed && store && store.getUser() !== user.id) dispatch({ type: 'restart' });
    },
    [store],
  );

  return {
    messages: state.messages,
    conversations: state.conversations,
    conversationId,
    busy: isBusy(state),
    loading: isLoading(state),
    announcement: state.announcement,
    /** Whether there are earlier messages to load, and how loading them goes. */
    older: {
      more: state.older.cursor !== null,
      loading: state.older.job !== null,
      failed: state.older.failed,
    },
    showOlder,
    send,
    retry,
    stop,
    rate,
    open,
    startNew,
    reset,
    identify,
  };
}
