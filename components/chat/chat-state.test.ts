import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import {
  type ChatAction,
  type ChatState,
  chatReducer,
  initialChatState,
  isBusy,
  isLoading,
  type UiMessage,
} from './chat-state';
import type { AnswerUpdate } from './stream-client';

const at = '2025-01-01T00:00:00.000Z';
const C = 'conversation-1';
const run = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
const current = (state: ChatState) => state.job?.run ?? -1;
const update = (state: ChatState, change: AnswerUpdate): ChatState =>
  chatReducer(state, { type: 'update', run: current(state), update: change, at });
const start = (userMessageId: string, assistantMessageId = 'a-new'): AnswerUpdate => ({
  type: 'start',
  conversationId: C,
  userMessageId,
  assistantMessageId,
});
const end = (
  id: string,
  text: string,
  status: 'complete' | 'stopped' | 'error' = 'complete',
): AnswerUpdate => ({
  type: 'end',
  assistantMessageId: id,
  text,
  status,
  model: 'm',
  errorCode: status === 'error' ? 'upstream_error' : null,
});
const msg = (id: string, role: UiMessage['role'], status: UiMessage['status'] = 'complete'): UiMessage => ({
  id,
  role,
  content: `${id} text`,
  status,
  createdAt: at,
});
const history = [msg('u1', 'user'), msg('a1', 'assistant')];
const shown = (state: ChatState) => state.messages.map((m) => `${m.id}:${m.status}`);

/** Restored into an idle chat showing the history. */
function restored(messages = history): ChatState {
  return run(initialChatState, { type: 'loaded', run: 0, conversationId: C, messages });
}

describe('chatReducer', () => {
  it('starts restoring: loading, not busy, with the restore job asked for', () => {
    expect(initialChatState.phase).toBe('restoring');
    expect(isLoading(initialChatState)).toBe(true);
    expect(isBusy(initialChatState)).toBe(false);
    expect(initialChatState.job?.kind).toBe('restore');
  });

  it('a message sent during the restore waits for it, then goes into the restored conversation', () => {
    let s = run(initialChatState, { type: 'send', id: 'u2', content: '  hello ', at });
    expect(s.phase).toBe('restoring');
    expect(isBusy(s)).toBe(true);
    expect(s.job?.kind).toBe('restore');
    expect(s.queued).toEqual({ id: 'u2', content: 'hello' });
    // A second message meanwhile is refused: it stays in the composer.
    s = run(s, { type: 'send', id: 'u3', content: 'second', at });
    expect(s.messages.map((m) => m.id)).toEqual(['u2']);

    s = run(s, { type: 'loaded', run: 0, conversationId: C, messages: history });
    expect(shown(s)).toEqual(['u1:complete', 'a1:complete', 'u2:sending']);
    expect(s.phase).toBe('sending');
    expect(s.queued).toBeNull();
    expect(s.job).toMatchObject({ kind: 'send', conversationId: C, messageId: 'u2', content: 'hello' });
    expect(s.announcement).toBeNull();
  });

  it('a message sent while the chat loads survives the host naming the visitor (restart), and goes out after', () => {
    let s = run(initialChatState, { type: 'send', id: 'u2', content: 'hello', at });
    s = run(s, { type: 'restart' });
    expect(s.phase).toBe('restoring');
    expect(s.job?.kind).toBe('restore');
    expect(s.queued).toEqual({ id: 'u2', content: 'hello' });
    expect(shown(s)).toEqual(['u2:sending']);
    s = run(s, { type: 'loaded', run: current(s), conversationId: C, messages: history });
    expect(shown(s)).toEqual(['u1:complete', 'a1:complete', 'u2:sending']);
    expect(s.job).toMatchObject({ kind: 'send', conversationId: C, messageId: 'u2', content: 'hello' });
  });

  it('a restored answer still being written is followed first, and the queued message sent after it', () => {
    let s = run(initialChatState, { type: 'send', id: 'u2', content: 'next', at });
    s = run(s, {
      type: 'loaded',
      run: 0,
      conversationId: C,
      messages: [msg('u1', 'user'), msg('a1', 'assistant', 'streaming')],
    });
    expect(s.phase).toBe('streaming');
    expect(isLoading(s)).toBe(false);
    expect(s.job).toMatchObject({ kind: 'resume', conversationId: C, answerId: 'a1' });
    expect(shown(s)).toEqual(['u1:complete', 'a1:streaming', 'u2:sending']);
    s = update(s, { type: 'start', conversationId: C, userMessageId: 'u1', assistantMessageId: 'a1' });
    s = update(s, { type: 'text', assistantMessageId: 'a1', text: 'all of it' });
    s = update(s, end('a1', 'all of it'));
    expect(s.announcement).toEqual({ id: 'a1', kind: 'complete', text: 'all of it' });
    expect(s.job).toMatchObject({ kind: 'send', messageId: 'u2', conversationId: C });
    expect(s.phase).toBe('sending');
  });

  it('sending, starting, streaming and finishing an answer', () => {
    let s = restored();
    s = run(s, { type: 'send', id: 'u2', content: 'question', at });
    expect(s.phase).toBe('sending');
    expect(isBusy(s)).toBe(true);
    expect(s.job).toMatchObject({ kind: 'send', conversationId: C, messageId: 'u2' });
    s = update(s, start('u2', 'a2'));
    expect(s.phase).toBe('streaming');
    expect(shown(s)).toEqual(['u1:complete', 'a1:complete', 'u2:complete', 'a2:streaming']);
    s = update(s, { type: 'text', assistantMessageId: 'a2', text: 'Ans' });
    s = update(s, { type: 'text', assistantMessageId: 'a2', text: 'Answer' });
    expect(s.messages.at(-1)?.content).toBe('Answer');
    expect(s.announcement).toBeNull();
    s = update(s, end('a2', 'Answer'));
    expect(s.phase).toBe('idle');
    expect(isBusy(s)).toBe(false);
    expect(s.job).toBeNull();
    expect(s.messages.at(-1)).toMatchObject({ content: 'Answer', status: 'complete', model: 'm' });
    expect(s.announcement).toEqual({ id: 'a2', kind: 'complete', text: 'Answer' });
  });

  it('the first message of a new conversation takes the conversation the answer names', () => {
    let s = run(restored(), { type: 'new' }, { type: 'send', id: 'u9', content: 'new topic', at });
    expect(s.job).toMatchObject({ kind: 'send', conversationId: null });
    s = update(s, start('u9', 'a9'));
    expect(s.conversationId).toBe(C);
  });

  it('a refused message stays on screen, unsent, with its code and when to try again', () => {
    let s = run(restored(), { type: 'send', id: 'u2', content: 'too soon', at });
    const error = Object.assign(new Error('rate_limited'), {
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 30,
    });
    s = run(s, { type: 'finished', run: current(s), outcome: { kind: 'refused', error } });
    expect(s.messages.at(-1)).toMatchObject({
      id: 'u2',
      status: 'unsent',
      errorCode: 'rate_limited',
      retryAfterSeconds: 30,
    });
    expect(isBusy(s)).toBe(false);

    // Sending it again keeps its id (the server makes the send idempotent).
    s = run(s, { type: 'retry', id: 'u2', at });
    expect(shown(s)).toEqual(['u1:complete', 'a1:complete', 'u2:sending']);
    expect(s.job).toMatchObject({ kind: 'send', messageId: 'u2', content: 'too soon' });
  });

  it('Retry of a failed answer regenerates it in place; a refused retry shows the error again', () => {
    let s = restored([
      msg('u1', 'user'),
      msg('a1', 'assistant', 'error'),
      msg('u2', 'user'),
      msg('a2', 'assistant'),
    ]);
    s = run(s, { type: 'retry', id: 'a1', at });
    expect(s.phase).toBe('sending');
    expect(s.job).toMatchObject({ kind: 'retry', conversationId: C, answerId: 'a1' });
    expect(s.messages[1]).toMatchObject({ id: 'a1', status: 'streaming', content: '', errorCode: null });
    s = update(s, start('u1', 'a1'));
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    s = update(s, end('a1', 'Better'));
    expect(s.messages[1]).toMatchObject({ content: 'Better', status: 'complete' });

    s = run(s, { type: 'retry', id: 'a2', at });
    const error = new ApiError('busy', 409);
    s = run(s, { type: 'finished', run: current(s), outcome: { kind: 'refused', error } });
    expect(s.messages[3]).toMatchObject({ status: 'error', errorCode: 'busy' });
    expect(s.announcement).toMatchObject({ id: 'a2', kind: 'error' });
    expect(s.phase).toBe('idle');
  });

  it('nothing is sent or retried while busy', () => {
    const s = run(restored(), { type: 'send', id: 'u2', content: 'one', at });
    expect(run(s, { type: 'send', id: 'u3', content: 'two', at })).toBe(s);
    expect(run(s, { type: 'retry', id: 'a1', at })).toBe(s);
    expect(run(s, { type: 'send', id: 'u4', content: '   ', at }).messages).toHaveLength(3);
  });

  it('results of a job that is no longer current are ignored', () => {
    let s = run(restored(), { type: 'send', id: 'u2', content: 'question', at });
    const old = current(s);
    s = update(s, start('u2', 'a2'));
    s = run(s, { type: 'new' });
    expect(s).toMatchObject({ phase: 'idle', job: null, messages: [], conversationId: null });
    const after = run(
      s,
      { type: 'update', run: old, update: { type: 'text', assistantMessageId: 'a2', text: 'late' }, at },
      { type: 'update', run: old, update: end('a2', 'late'), at },
    );
    expect(after).toBe(s);

    s = run(restored(), { type: 'open', conversationId: 'other' });
    expect(s.phase).toBe('opening');
    expect(run(s, { type: 'loaded', run: 0, conversationId: C, messages: [] })).toBe(s);
  });

  it('the conversation moving on under a followed answer reloads it', () => {
    let s = run(restored(), { type: 'send', id: 'u2', content: 'question', at });
    s = update(s, start('u2', 'a2'));
    s = run(s, { type: 'finished', run: current(s), outcome: { kind: 'moved', conversationId: C } });
    expect(s.phase).toBe('opening');
    expect(s.job).toMatchObject({ kind: 'load', conversationId: C });
  });

  it('a restored answer that the server no longer has (204) reloads the conversation', () => {
    let s = restored([msg('u1', 'user'), msg('a1', 'assistant', 'streaming')]);
    expect(s.job).toMatchObject({ kind: 'resume', answerId: 'a1' });
    s = run(s, { type: 'finished', run: current(s), outcome: { kind: 'empty' } });
    expect(s.phase).toBe('opening');
    expect(s.job).toMatchObject({ kind: 'load', conversationId: C });
  });

  it('a conversation that is gone is forgotten, but a message sent meanwhile is kept and sent', () => {
    let s = run(initialChatState, { type: 'send', id: 'u2', content: 'hi', at });
    s = run(s, { type: 'load-failed', run: 0, forget: true });
    expect(s.conversationId).toBeNull();
    expect(shown(s)).toEqual(['u2:sending']);
    expect(s.job).toMatchObject({ kind: 'send', conversationId: null, messageId: 'u2' });
  });

  it('restored answers are not announced, and each finished answer once', () => {
    const s = restored([msg('u1', 'user'), msg('a1', 'assistant', 'stopped')]);
    expect(s.announcement).toBeNull();
    let t = run(s, { type: 'send', id: 'u2', content: 'q', at });
    t = update(t, start('u2', 'a2'));
    t = update(t, end('a2', '', 'stopped'));
    expect(t.announcement).toEqual({ id: 'a2', kind: 'stopped', text: '' });
    const job = t.job;
    expect(
      run(t, { type: 'finished', run: 99, outcome: { kind: 'ended', status: 'stopped', errorCode: null } }),
    ).toBe(t);
    expect(job).toBeNull();
  });

  it('reset forgets the conversation and the list', () => {
    let s = run(restored(), {
      type: 'conversations',
      conversations: [{ id: C, title: 't', createdAt: at, updatedAt: at }],
    });
    s = run(s, { type: 'send', id: 'u2', content: 'q', at }, { type: 'reset' });
    expect(s).toMatchObject({
      phase: 'idle',
      job: null,
      messages: [],
      conversations: [],
      conversationId: null,
    });
  });
});
