/**
 * The chat's state and every change to it, as a pure reducer. Work that talks to the server is a
 * `job` the state asks for (chat-jobs.ts runs it); its results come back as actions tagged with the
 * job's `run`, and results of a job that is no longer the current one are ignored.
 */
import type { Citation } from '@/lib/contracts';
import type { ApiConversation, ApiMessage } from './api';
import { noOlder, type OlderAction, type OlderPages, olderReducer, shownBefore } from './older-pages';
import type { AnswerUpdate, FollowOutcome } from './stream-client';

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
  /** The visitor's vote on an answer, as the server last said. */
  feedback?: 'up' | 'down' | null;
  /** The knowledge sources the answer cited. */
  citations?: Citation[] | null;
};
export type Announcement = { id: string; kind: 'complete' | 'stopped' | 'error'; text: string };

/**
 * - `restoring`: loading the visitor's earlier conversation after a reload;
 * - `opening`: loading a conversation picked from the list;
 * - `idle`: nothing under way, a message can be sent;
 * - `sending`: a message (or a retry) is out, its answer has not started;
 * - `streaming`: an answer is being written.
 */
export type Phase = 'restoring' | 'opening' | 'idle' | 'sending' | 'streaming';

export type Job = { run: number } & (
  | { kind: 'restore' }
  | { kind: 'load'; conversationId: string }
  | { kind: 'send'; conversationId: string | null; messageId: string; content: string }
  | { kind: 'retry'; conversationId: string; answerId: string }
  | { kind: 'resume'; conversationId: string; answerId: string }
);
type NewJob = Job extends infer J ? (J extends Job ? Omit<J, 'run'> : never) : never;

export type ChatState = {
  phase: Phase;
  messages: UiMessage[];
  conversationId: string | null;
  conversations: ApiConversation[];
  /** A message sent while a conversation loads: it goes out, into that one, once it is loaded. */
  queued: { id: string; content: string } | null;
  job: Job | null;
  /** Earlier pages of a long conversation, loaded beside the job (an answer may be streaming). */
  older: OlderPages;
  runs: number;
  announcement: Announcement | null;
};

export type ChatAction =
  | { type: 'send'; id: string; content: string; at: string }
  | { type: 'retry'; id: string; at: string }
  | { type: 'open'; conversationId: string }
  | { type: 'new' }
  | { type: 'reset' }
  /** Someone else is asking now (the host signed a visitor in): everything is read again. */
  | { type: 'restart' }
  | { type: 'conversations'; conversations: ApiConversation[] }
  | OlderAction
  | { type: 'loaded'; run: number; conversationId: string | null; messages: UiMessage[]; older?: string }
  | { type: 'load-failed'; run: number; forget: boolean }
  | { type: 'update'; run: number; update: AnswerUpdate; at: string }
  | { type: 'finished'; run: number; outcome: FollowOutcome };

export const initialChatState: ChatState = {
  phase: 'restoring',
  messages: [],
  conversationId: null,
  conversations: [],
  queued: null,
  job: { run: 0, kind: 'restore' },
  older: noOlder,
  runs: 0,
  announcement: null,
};

export function isBusy(state: ChatState): boolean {
  return state.phase === 'sending' || state.phase === 'streaming' || state.queued !== null;
}

export function isLoading(state: ChatState): boolean {
  return state.phase === 'restoring' || state.phase === 'opening';
}

export function toUi(message: ApiMessage): UiMessage | null {
  if (message.role === 'system') return null;
  const { id, role, content, status, errorCode, model, createdAt, feedback, citations } = message;
  return { id, role, content, status, errorCode, model, createdAt, feedback, citations };
}

function withJob(state: ChatState, job: NewJob): ChatState {
  const run = state.runs + 1;
  return { ...state, runs: run, job: { ...job, run } };
}

function patch(messages: UiMessage[], id: string, change: Partial<UiMessage>): UiMessage[] {
  return messages.map((m) => (m.id === id ? { ...m, ...change } : m));
}

/** A message the visitor sends: it waits, below the history, while a conversation loads. */
function send(state: ChatState, id: string, content: string, at: string): ChatState {
  const text = content.trim();
  if (!text || isBusy(state)) return state;
  const message: UiMessage = { id, role: 'user', content: text, status: 'sending', createdAt: at };
  const next = { ...state, messages: [...state.messages.filter((m) => m.id !== id), message] };
  if (isLoading(state)) return { ...next, queued: { id, content: text } };
  return sendNow(next, id, text);
}

function sendNow(state: ChatState, messageId: string, content: string): ChatState {
  const { conversationId } = state;
  return {
    ...withJob(state, { kind: 'send', conversationId, messageId, content }),
    phase: 'sending',
    queued: null,
  };
}

/** Once nothing is under way, the queued message (if any) goes out. */
function settle(state: ChatState): ChatState {
  const idle = { ...state, phase: 'idle' as const, job: null };
  return state.queued ? sendNow(idle, state.queued.id, state.queued.content) : idle;
}

function loaded(state: ChatState, id: string | null, list: UiMessage[], older: string | null): ChatState {
  const { queued } = state;
  const waiting = queued && !list.some((m) => m.id === queued.id);
  const mine = waiting ? state.messages.filter((m) => m.id === queued.id) : [];
  // Reloading the conversation on screen keeps the earlier pages the visitor has loaded.
  const earlier = id && id === state.conversationId ? shownBefore(state.messages, list) : [];
  const cursor = earlier.length > 0 ? state.older.cursor : older;
  const messages = [...earlier, ...list, ...mine];
  const next = { ...state, conversationId: id, messages, older: { ...noOlder, cursor } };
  const streaming = id && list.find((m) => m.status === 'streaming');
  if (!streaming) return settle(next);
  return {
    ...withJob(next, { kind: 'resume', conversationId: id, answerId: streaming.id }),
    phase: 'streaming',
  };
}

function announce(id: string, status: UiStatus, text: string): Announcement {
  return { id, kind: status === 'complete' ? 'complete' : status === 'stopped' ? 'stopped' : 'error', text };
}

function update(state: ChatState, change: AnswerUpdate, at: string): ChatState {
  const id = change.assistantMessageId;
  if (change.type === 'start') {
    const messages = patch(state.messages, change.userMessageId, { status: 'complete' });
    const answer: UiMessage = { id, role: 'assistant', content: '', status: 'streaming', createdAt: at };
    const known = messages.some((m) => m.id === id);
    return {
      ...state,
      phase: 'streaming',
      conversationId: change.conversationId,
      messages: known ? patch(messages, id, { status: 'streaming', errorCode: null }) : [...messages, answer],
    };
  }
  if (change.type === 'text')
    return { ...state, messages: patch(state.messages, id, { content: change.text }) };
  const { text: content, status, model, errorCode, citations } = change;
  const messages = patch(state.messages, id, { content, status, model, errorCode, citations });
  return settle({ ...state, messages, announcement: announce(id, status, content) });
}

function reload(state: ChatState, conversationId: string): ChatState {
  const older = { ...state.older, job: null, failed: false };
  return { ...withJob({ ...state, older }, { kind: 'load', conversationId }), phase: 'opening' };
}

/** What is left to show when the stream ended without an end event of its own. */
function finished(state: ChatState, outcome: FollowOutcome): ChatState {
  const job = state.job;
  if (outcome.kind === 'moved') return reload(state, outcome.conversationId);
  // No answer where one was expected (a restored or retried one): the server's view wins.
  if (outcome.kind === 'empty' && (job?.kind === 'resume' || job?.kind === 'retry')) {
    return reload(state, job.conversationId);
  }
  if (outcome.kind !== 'refused' || !job) return settle(state);
  const { code: errorCode, retryAfterSeconds } = outcome.error;
  if (job.kind === 'send') {
    const messages = patch(state.messages, job.messageId, { status: 'unsent', errorCode, retryAfterSeconds });
    return settle({ ...state, messages });
  }
  if (job.kind !== 'retry' && job.kind !== 'resume') return settle(state);
  const messages = patch(state.messages, job.answerId, { status: 'error', errorCode, retryAfterSeconds });
  const text = messages.find((m) => m.id === job.answerId)?.content ?? '';
  return settle({ ...state, messages, announcement: announce(job.answerId, 'error', text) });
}

function retry(state: ChatState, id: string, at: string): ChatState {
  const message = state.messages.find((m) => m.id === id);
  if (!message || isBusy(state)) return state;
  if (message.role === 'user') return send(state, id, message.content, at);
  const { conversationId } = state;
  if (!conversationId || isLoading(state)) return state;
  const messages = patch(state.messages, id, { status: 'streaming', content: '', errorCode: null });
  return {
    ...withJob({ ...state, messages }, { kind: 'retry', conversationId, answerId: id }),
    phase: 'sending',
  };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'send':
      return send(state, action.id, action.content, action.at);
    case 'retry':
      return retry(state, action.id, action.at);
    case 'open':
      return reload(state, action.conversationId);
    case 'new':
      return {
        ...state,
        phase: 'idle',
        job: null,
        queued: null,
        conversationId: null,
        messages: [],
        older: noOlder,
      };
    case 'reset':
      return { ...chatReducer(state, { type: 'new' }), conversations: [] };
    case 'restart': {
      const restarted = withJob(
        { ...chatReducer(state, { type: 'reset' }), phase: 'restoring' },
        {
          kind: 'restore',
        },
      );
      // The person at the keyboard is the same one the host has now named: a message they sent while
      // the chat loaded still goes out, as them, once their conversation is read.
      const { queued } = state;
      if (!queued) return restarted;
      return { ...restarted, queued, messages: state.messages.filter((m) => m.id === queued.id) };
    }
    case 'conversations':
      return { ...state, conversations: action.conversations };
    case 'load-older':
    case 'older-loaded':
    case 'older-failed':
      return olderReducer(state, action, isLoading(state));
  }
  // The rest are results of a job: only the current job's count.
  if (action.run !== state.job?.run) return state;
  switch (action.type) {
    case 'loaded':
      return loaded(state, action.conversationId, action.messages, action.older ?? null);
    case 'load-failed':
      return action.forget ? loaded(state, null, [], null) : settle(state);
    case 'update':
      return update(state, action.update, action.at);
    case 'finished':
      return finished(state, action.outcome);
  }
}
