import { describe, expect, it } from 'vitest';
import { type ChatAction, type ChatState, chatReducer, initialChatState, type UiMessage } from './chat-state';

const at = '2025-01-01T00:00:00.000Z';
const C = 'conversation-1';
const run = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
const msg = (id: string, role: UiMessage['role'] = 'user', content = `${id} text`): UiMessage => ({
  id,
  role,
  content,
  status: 'complete',
  createdAt: at,
});
const ids = (state: ChatState) => state.messages.map((m) => m.id);
const newest = [msg('u3'), msg('a3', 'assistant'), msg('u4'), msg('a4', 'assistant')];

/** A long conversation restored: its newest page on screen, with a cursor for the page before. */
function restored(older: string | null = 'u3'): ChatState {
  const loaded = { type: 'loaded', run: 0, conversationId: C, messages: newest } as const;
  return run(initialChatState, older ? { ...loaded, older } : loaded);
}

/** Asks for the page before and answers it. */
function loadPage(state: ChatState, page: UiMessage[], older: string | null): ChatState {
  const asked = run(state, { type: 'load-older' });
  const job = asked.older.job;
  if (!job) throw new Error('no older page was asked for');
  return run(asked, { type: 'older-loaded', run: job.run, messages: page, older });
}

describe('earlier pages of a long conversation', () => {
  it('a restored conversation keeps the cursor for the page before its newest one', () => {
    expect(restored().older).toEqual({ cursor: 'u3', job: null, failed: false });
    expect(restored(null).older.cursor).toBeNull();
  });

  it('asks for the page before the cursor, once, and puts it above what is shown', () => {
    let s = run(restored(), { type: 'load-older' });
    expect(s.older.job).toMatchObject({ conversationId: C, before: 'u3' });
    expect(run(s, { type: 'load-older' })).toBe(s);
    const job = s.older.job;
    s = run(s, {
      type: 'older-loaded',
      run: job?.run ?? -1,
      messages: [msg('u2'), msg('a2', 'assistant')],
      older: 'u2',
    });
    expect(ids(s)).toEqual(['u2', 'a2', 'u3', 'a3', 'u4', 'a4']);
    expect(s.older).toEqual({ cursor: 'u2', job: null, failed: false });

    s = loadPage(s, [msg('u1'), msg('a1', 'assistant')], null);
    expect(ids(s)).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', 'a3', 'u4', 'a4']);
    // The start of the conversation: nothing more to ask for.
    expect(s.older.cursor).toBeNull();
    expect(run(s, { type: 'load-older' })).toBe(s);
  });

  it('a page that overlaps what is on screen adds only what is new; the shown message stays as it is', () => {
    let s = restored();
    s = run(s, { type: 'send', id: 'u5', content: 'meanwhile', at });
    const page = [msg('u2'), msg('a2', 'assistant'), msg('u3', 'user', 'stale'), msg('a3', 'assistant')];
    s = loadPage(s, page, 'u2');
    expect(ids(s)).toEqual(['u2', 'a2', 'u3', 'a3', 'u4', 'a4', 'u5']);
    expect(new Set(ids(s)).size).toBe(s.messages.length);
    expect(s.messages[2].content).toBe('u3 text');
    // Loading earlier messages does not disturb the message being sent.
    expect(s.job).toMatchObject({ kind: 'send', messageId: 'u5' });
  });

  it('a failed load keeps everything and the cursor, and asking again retries it', () => {
    let s = run(restored(), { type: 'load-older' });
    const first = s.older.job?.run ?? -1;
    s = run(s, { type: 'older-failed', run: first });
    expect(ids(s)).toEqual(['u3', 'a3', 'u4', 'a4']);
    expect(s.older).toEqual({ cursor: 'u3', job: null, failed: true });
    s = run(s, { type: 'load-older' });
    expect(s.older).toMatchObject({ failed: false, job: { before: 'u3' } });
    expect(s.older.job?.run).not.toBe(first);
  });

  it('opening another conversation drops a load under way, and its late page is ignored', () => {
    let s = run(restored(), { type: 'load-older' });
    const late = s.older.job?.run ?? -1;
    s = run(s, { type: 'open', conversationId: 'other' });
    expect(s.older.job).toBeNull();
    // Nothing is asked for while the other conversation loads.
    expect(run(s, { type: 'load-older' })).toBe(s);
    s = run(s, { type: 'loaded', run: s.job?.run ?? -1, conversationId: 'other', messages: [msg('x1')] });
    expect(s.older.cursor).toBeNull();
    const after = run(s, { type: 'older-loaded', run: late, messages: [msg('u1')], older: null });
    expect(after).toBe(s);
    expect(ids(after)).toEqual(['x1']);
  });

  it('a new conversation and a reset clear the cursor and drop a load under way', () => {
    for (const type of ['new', 'reset'] as const) {
      const s = run(restored(), { type: 'load-older' }, { type });
      expect(s.older).toEqual({ cursor: null, job: null, failed: false });
      expect(s.messages).toEqual([]);
      expect(run(s, { type: 'load-older' })).toBe(s);
    }
  });

  it('the same conversation loaded again keeps the earlier pages already shown, and their cursor', () => {
    let s = loadPage(restored(), [msg('u2'), msg('a2', 'assistant')], 'u2');
    s = run(s, { type: 'open', conversationId: C });
    const next = [msg('u4'), msg('a4', 'assistant'), msg('u5'), msg('a5', 'assistant')];
    s = run(s, { type: 'loaded', run: s.job?.run ?? -1, conversationId: C, messages: next, older: 'u4' });
    expect(ids(s)).toEqual(['u2', 'a2', 'u3', 'a3', 'u4', 'a4', 'u5', 'a5']);
    expect(s.older.cursor).toBe('u2');
  });
});
