'use client';

import type { VisitorStore } from './use-chat';

/** Storage can be unavailable (privacy modes, blocked third-party storage): fall back to memory. */
function safeStorage(): Storage | null {
  try {
    const storage = window.localStorage;
    const probe = '__parley_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

/** The hosted page keeps the visitor in its own localStorage, namespaced by site. */
export function localVisitorStore(siteId: string): VisitorStore {
  const storage = typeof window === 'undefined' ? null : safeStorage();
  const memory = new Map<string, string>();
  const key = (name: string) => `parley:${siteId}:${name}`;
  const get = (name: string) => {
    try {
      return storage ? storage.getItem(key(name)) : (memory.get(name) ?? null);
    } catch {
      return memory.get(name) ?? null;
    }
  };
  const set = (name: string, value: string | null) => {
    if (value === null) memory.delete(name);
    else memory.set(name, value);
    try {
      if (value === null) storage?.removeItem(key(name));
      else storage?.setItem(key(name), value);
    } catch {
      // Memory keeps it for this page view.
    }
  };
  return {
    getToken: () => get('token'),
    getUser: () => get('user'),
    setToken: (token, user) => {
      set('token', token);
      set('user', user);
    },
    clear: () => {
      set('token', null);
      set('user', null);
      set('conversation', null);
    },
    getConversation: () => get('conversation'),
    setConversation: (id) => set('conversation', id),
  };
}

/** A store that lives only in memory, fed and persisted by someone else (the embed loader). */
export function memoryVisitorStore(
  initial: { token?: string | null; conversation?: string | null; user?: string | null },
  onChange?: (state: { token: string | null; conversation: string | null; user: string | null }) => void,
): VisitorStore {
  let token = initial.token ?? null;
  let conversation = initial.conversation ?? null;
  let user = initial.user ?? null;
  const changed = () => onChange?.({ token, conversation, user });
  return {
    getToken: () => token,
    getUser: () => user,
    setToken: (value, signedIn) => {
      token = value;
      user = signedIn;
      changed();
    },
    clear: () => {
      token = null;
      user = null;
      conversation = null;
      changed();
    },
    getConversation: () => conversation,
    setConversation: (id) => {
      if (conversation === id) return;
      conversation = id;
      changed();
    },
  };
}
