/**
 * Follows one answer of the chat stream (docs/api.md) to its end, without React: opens the
 * stream, parses its server-sent events, checks each against the contract, and reconnects to
 * `GET /api/conversations/{id}/stream` on its own when the connection drops mid-answer.
 *
 * Rules, each pinned by stream-client.test.ts:
 * - Every connection replays the answer from its beginning (`start`, the text so far as one
 *   delta, live deltas), so after a reconnect the replayed text replaces what was shown.
 * - If a replay names another answer than the one followed (the conversation moved on, in
 *   another tab), nothing of it is applied: the outcome is `moved`, and the caller reloads.
 * - After `done` or `error`, nothing more is read or applied.
 * - An abort by the caller ends quietly: no update, no reconnect.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { type ChatEvent, type Citation, chatEvent, type StartEvent } from '@/lib/contracts';
import { ApiError } from './api';

/** What the chat shows of the answer: each update carries the whole text so far. */
export type AnswerUpdate =
  | ({ type: 'start' } & Omit<StartEvent, 'type'>)
  | { type: 'text'; assistantMessageId: string; text: string }
  | {
      type: 'end';
      assistantMessageId: string;
      text: string;
      status: 'complete' | 'stopped' | 'error';
      model: string | null;
      errorCode: string | null;
      citations?: Citation[];
    };

export type FollowOutcome =
  /** The answer ended; its end was reported as an update (also when the client gave up). */
  | { kind: 'ended'; status: 'complete' | 'stopped' | 'error'; errorCode: string | null }
  /** No answer started: a refusal, or no connection before `start`. */
  | { kind: 'refused'; error: ApiError }
  /** `204`: the conversation has no answer to follow. */
  | { kind: 'empty' }
  /** The conversation has moved on to another answer than the one followed. */
  | { kind: 'moved'; conversationId: string }
  | { kind: 'aborted' };

export type FollowOptions = {
  /** The first connection: `POST /api/chat`, a retry, or a resume. */
  open: (signal: AbortSignal) => Promise<Response>;
  /** A reconnection, once the answer's conversation is known. */
  resume: (conversationId: string, signal: AbortSignal) => Promise<Response>;
  onUpdate: (update: AnswerUpdate) => void;
  signal: AbortSignal;
  /** The answer expected, when it is known before its `start` (a retry, a restored answer). */
  answerId?: string;
  /** Reconnections in a row that bring no new text before giving up. */
  reconnects?: number;
  /** The wait before the n-th reconnection in a row is n times this. */
  backoffMs?: number;
};

type Verdict = 'cut' | 'ended' | 'moved' | 'aborted';

function failure(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('network', 0);
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The events of one connection, each parsed with the contract; `null` for one that breaks it. */
async function* eventsOf(response: Response): AsyncGenerator<ChatEvent | null> {
  if (!response.body) return;
  const reader = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      let data: unknown;
      try {
        data = JSON.parse(value.data);
      } catch {
        yield null;
        continue;
      }
      const event = chatEvent.safeParse(data);
      yield event.success ? event.data : null;
    }
  } finally {
    // Releases the connection when reading stops early (the end, an abort, another answer).
    reader.cancel().catch(() => {});
  }
}

type Followed = {
  start: StartEvent | null;
  text: string;
  end: FollowOutcome | null;
  /** The conversation of a replay that named another answer. */
  movedTo: string | null;
};

/** Reads one connection until it ends, is cut, or turns out to follow another answer. */
async function readConnection(
  response: Response,
  answer: Followed,
  options: FollowOptions,
  report: (update: AnswerUpdate) => void,
): Promise<Verdict> {
  const { signal } = options;
  let replaying = false;
  let ours = false;
  try {
    for await (const event of eventsOf(response)) {
      if (signal.aborted) return 'aborted';
      // An event that breaks the contract is treated like a cut: the replay will be whole.
      if (!event) return 'cut';
      if (event.type === 'start') {
        const expected = answer.start?.assistantMessageId ?? options.answerId;
        if (expected && event.assistantMessageId !== expected) {
          answer.movedTo = event.conversationId;
          return 'moved';
        }
        ours = true;
        if (answer.start) {
          replaying = true;
        } else {
          answer.start = event;
          const { type: _, ...start } = event;
          report({ type: 'start', ...start });
        }
        continue;
      }
      const followed = answer.start;
      if (!ours || !followed) return 'cut';
      if (event.type === 'delta') {
        answer.text = replaying ? event.text : answer.text + event.text;
        replaying = false;
        report({ type: 'text', assistantMessageId: followed.assistantMessageId, text: answer.text });
        continue;
      }
      // A replay that ends without a delta: the answer has no text at all.
      if (replaying) answer.text = '';
      const status = event.type === 'done' ? event.status : 'error';
      const errorCode = event.type === 'error' ? event.code : null;
      const model = event.type === 'done' ? event.model : null;
      const citations = event.type === 'done' ? event.citations : undefined;
      report({
        type: 'end',
        assistantMessageId: followed.assistantMessageId,
        text: answer.text,
        status,
        model,
        errorCode,
        ...(citations?.length ? { citations } : {}),
      });
      answer.end = { kind: 'ended', status, errorCode };
      return 'ended';
    }
  } catch {
    // The connection was cut (or aborted, which is checked below).
  }
  return signal.aborted ? 'aborted' : 'cut';
}

export async function followAnswer(options: FollowOptions): Promise<FollowOutcome> {
  const { signal } = options;
  const reconnects = options.reconnects ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const answer: Followed = { start: null, text: '', end: null, movedTo: null };
  const report = options.onUpdate;
  const giveUp = (start: StartEvent, code: string): FollowOutcome => {
    const { assistantMessageId } = start;
    report({
      type: 'end',
      assistantMessageId,
      text: answer.text,
      status: 'error',
      model: null,
      errorCode: code,
    });
    return { kind: 'ended', status: 'error', errorCode: code };
  };

  let misses = 0;
  for (;;) {
    const before = answer.text.length;
    const started = answer.start;
    let response: Response | null = null;
    try {
      response = started ? await options.resume(started.conversationId, signal) : await options.open(signal);
    } catch (error) {
      if (signal.aborted) return { kind: 'aborted' };
      const refused = failure(error);
      if (!started) return { kind: 'refused', error: refused };
      // A refusal (not a lost connection) will not change by asking again.
      if (refused.code !== 'network') return giveUp(started, refused.code);
    }
    if (response?.status === 204) {
      await response.body?.cancel();
      // The answer followed is gone from the conversation: what is there now is for a reload.
      return started ? { kind: 'moved', conversationId: started.conversationId } : { kind: 'empty' };
    }
    const verdict = response ? await readConnection(response, answer, options, report) : 'cut';
    if (verdict === 'aborted') return { kind: 'aborted' };
    if (verdict === 'ended' && answer.end) return answer.end;
    if (verdict === 'moved' && answer.movedTo) return { kind: 'moved', conversationId: answer.movedTo };
    const current = answer.start;
    if (!current) return { kind: 'refused', error: new ApiError('network', 0) };
    // Only reconnections in a row that bring no new text count towards giving up.
    misses = answer.text.length > before ? 1 : misses + 1;
    if (misses > reconnects) return giveUp(current, 'network');
    await wait(backoffMs * misses, signal);
    if (signal.aborted) return { kind: 'aborted' };
  }
}
