/**
 * The earlier messages of a long conversation, a page at a time: the API answers the newest page
 * and a cursor (`older`) for the page before it. Pure helpers for the chat state (chat-state.ts).
 */
import type { UiMessage } from './chat-state';

/** Loading the page before `before`; like the chat's job, a result for another run is ignored. */
export type OlderJob = { run: number; conversationId: string; before: string };

/** `cursor` asks for the page before the first message shown; null when there is nothing before. */
export type OlderPages = { cursor: string | null; job: OlderJob | null; failed: boolean };

export const noOlder: OlderPages = { cursor: null, job: null, failed: false };

/** A page goes above what is shown; a message already on screen stays as it is (it is newer). */
export function prepend(shown: UiMessage[], page: UiMessage[]): UiMessage[] {
  const ids = new Set(shown.map((m) => m.id));
  return [...page.filter((m) => !ids.has(m.id)), ...shown];
}

/**
 * The messages shown above a freshly loaded newest page of the same conversation (earlier pages
 * the visitor had loaded): they stay, so reloading a conversation does not take them away.
 */
export function shownBefore(shown: UiMessage[], page: UiMessage[]): UiMessage[] {
  const first = page[0];
  const at = first ? shown.findIndex((m) => m.id === first.id) : -1;
  if (at <= 0) return [];
  const ids = new Set(page.map((m) => m.id));
  return shown.slice(0, at).filter((m) => !ids.has(m.id));
}

export type OlderAction =
  | { type: 'load-older' }
  | { type: 'older-loaded'; run: number; messages: UiMessage[]; older: string | null }
  | { type: 'older-failed'; run: number };

type Paged = { conversationId: string | null; messages: UiMessage[]; older: OlderPages; runs: number };

/**
 * Asking for the page before the first message shown (not while a conversation loads: `loading`),
 * and its result, which counts only while the load is the current one: opening another
 * conversation, a new one or a reset drop the load (chat-state.ts), and its result with it.
 */
export function olderReducer<S extends Paged>(state: S, action: OlderAction, loading: boolean): S {
  const { conversationId, older } = state;
  if (action.type === 'load-older') {
    if (!conversationId || !older.cursor || older.job || loading) return state;
    const run = state.runs + 1;
    const job = { run, conversationId, before: older.cursor };
    return { ...state, runs: run, older: { ...older, job, failed: false } };
  }
  if (action.run !== older.job?.run) return state;
  if (action.type === 'older-failed') return { ...state, older: { ...older, job: null, failed: true } };
  const messages = prepend(state.messages, action.messages);
  return { ...state, messages, older: { ...noOlder, cursor: action.older } };
}
