import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '@/lib/contracts';
import { ChatApi } from './api';
import { type AnswerUpdate, type FollowOutcome, followAnswer } from './stream-client';

// A real HTTP server on 127.0.0.1 plays the Parley API: each test scripts its answers, and the
// client under test talks to it through the same ChatApi the chat uses.
type Handler = (request: IncomingMessage, response: ServerResponse, nth: number) => void | Promise<void>;
let server: Server;
let base = '';
let routes: Record<string, Handler> = {};
let seen: string[] = [];
let authorizations: Array<string | undefined> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const key = `${request.method} ${request.url}`;
    seen.push(key);
    authorizations.push(request.headers.authorization);
    const handler = routes[key];
    if (!handler) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'not_found', message: 'no such route' } }));
      return;
    }
    void handler(request, response, seen.filter((s) => s === key).length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  routes = {};
  seen = [];
  authorizations = [];
});

const C = '11111111-1111-4111-8111-111111111111';
const U = '22222222-2222-4222-8222-222222222222';
const A = '33333333-3333-4333-8333-333333333333';
const OTHER = '44444444-4444-4444-8444-444444444444';
const CHAT = 'POST /api/chat';
const STREAM = `GET /api/conversations/${C}/stream`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const start = (assistantMessageId = A): ChatEvent => ({
  type: 'start',
  conversationId: C,
  userMessageId: U,
  assistantMessageId,
});
const delta = (text: string): ChatEvent => ({ type: 'delta', text });
const done: ChatEvent = { type: 'done', status: 'complete', model: 'test-model' };

function sse(response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.flushHeaders();
}
async function send(response: ServerResponse, ...events: Array<ChatEvent | string>) {
  for (const event of events) {
    response.write(typeof event === 'string' ? event : `data: ${JSON.stringify(event)}\n\n`);
    await sleep(5);
  }
}
/** Ends the connection without an end event, as a dropped network would. */
function cut(response: ServerResponse) {
  response.socket?.destroy();
}
function refuse(response: ServerResponse, status: number, code: string, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify({ error: { code, message: code } }));
}

/** What the chat would show of the answer, built from the updates alone. */
type Shown = { id?: string; text: string; status: string; errorCode: string | null; updates: number };
async function follow(
  opener: 'chat' | 'resume' | 'retry',
  extra: { answerId?: string; signal?: AbortSignal; onUpdate?: (u: AnswerUpdate) => void } = {},
): Promise<{ shown: Shown; outcome: FollowOutcome }> {
  const api = new ChatApi(base, () => 'visitor-token');
  const shown: Shown = { text: '', status: 'none', errorCode: null, updates: 0 };
  const outcome = await followAnswer({
    open: (signal) =>
      opener === 'chat'
        ? api.chat({ messageId: U, content: 'hi' }, signal)
        : opener === 'retry'
          ? api.retry(C, A, 'en', signal)
          : api.resume(C, signal),
    resume: (id, signal) => api.resume(id, signal),
    signal: extra.signal ?? new AbortController().signal,
    answerId: extra.answerId,
    backoffMs: 20,
    onUpdate: (update) => {
      shown.updates += 1;
      if (shown.status !== 'none' && shown.status !== 'streaming') throw new Error('update after the end');
      if (update.type === 'start')
        Object.assign(shown, { id: update.assistantMessageId, status: 'streaming' });
      else shown.text = update.text;
      if (update.type === 'end') Object.assign(shown, { status: update.status, errorCode: update.errorCode });
      extra.onUpdate?.(update);
    },
  });
  return { shown, outcome };
}

describe('followAnswer', () => {
  it('shows an answer streamed in pieces, ignoring keep-alive comments and split frames', async () => {
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), ': keepalive\n\n', delta('Hello'));
      // One event split across two writes, and two events in one.
      await send(res, 'data: {"type":"delta",', '"text":", wor"}\n\n');
      res.end(`data: ${JSON.stringify(delta('ld'))}\n\ndata: ${JSON.stringify(done)}\n\n`);
    };
    const { shown, outcome } = await follow('chat');
    expect(shown).toMatchObject({ id: A, text: 'Hello, world', status: 'complete', errorCode: null });
    expect(outcome).toEqual({ kind: 'ended', status: 'complete', errorCode: null });
    expect(seen).toEqual([CHAT]);
    expect(authorizations).toEqual(['Bearer visitor-token']);
  });

  it('reconnects after a cut, and the replayed text replaces what was shown instead of doubling it', async () => {
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('One '), delta('two '));
      cut(res);
    };
    routes[STREAM] = async (_, res) => {
      sse(res);
      // The replay: the same answer, all its text so far as one delta, then live deltas.
      await send(res, start(), delta('One two three '), delta('four'), done);
      res.end();
    };
    const { shown, outcome } = await follow('chat');
    expect(seen).toEqual([CHAT, STREAM]);
    expect(shown.text).toBe('One two three four');
    expect(shown.status).toBe('complete');
    expect(outcome).toMatchObject({ kind: 'ended', status: 'complete' });
  });

  it('gives up with a network error after four reconnections in a row bring nothing', async () => {
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('partial'));
      cut(res);
    };
    routes[STREAM] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('partial'));
      cut(res);
    };
    const { shown, outcome } = await follow('chat');
    expect(seen).toEqual([CHAT, STREAM, STREAM, STREAM, STREAM]);
    expect(shown).toMatchObject({ text: 'partial', status: 'error', errorCode: 'network' });
    expect(outcome).toEqual({ kind: 'ended', status: 'error', errorCode: 'network' });
  });

  it('keeps reconnecting while each reconnection brings new text', async () => {
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('a'));
      cut(res);
    };
    const words = 'a b c d e f g'.split(' ');
    routes[STREAM] = async (_, res, nth) => {
      sse(res);
      const sofar = words.slice(0, nth).join(' ');
      if (nth < words.length - 1) {
        await send(res, start(), delta(sofar), delta(` ${words[nth]}`));
        cut(res);
      } else {
        await send(res, start(), delta(sofar), delta(` ${words[nth]}`), done);
        res.end();
      }
    };
    const { shown } = await follow('chat');
    expect(seen.filter((s) => s === STREAM)).toHaveLength(6);
    expect(shown).toMatchObject({ text: 'a b c d e f g', status: 'complete' });
  });

  it('stops following, applying nothing, when the replay names another answer', async () => {
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('Mine so far'));
      cut(res);
    };
    routes[STREAM] = async (_, res) => {
      sse(res);
      await send(res, start(OTHER), delta('Somebody else’s answer'), done);
      res.end();
    };
    const { shown, outcome } = await follow('chat');
    expect(outcome).toEqual({ kind: 'moved', conversationId: C });
    expect(shown).toMatchObject({ id: A, text: 'Mine so far', status: 'streaming' });
  });

  it('a restored answer whose stream names another one is left for a reload', async () => {
    routes[STREAM] = async (_, res) => {
      sse(res);
      await send(res, start(OTHER), delta('newer'), done);
      res.end();
    };
    const { shown, outcome } = await follow('resume', { answerId: A });
    expect(outcome).toEqual({ kind: 'moved', conversationId: C });
    expect(shown.updates).toBe(0);
  });

  it('applies nothing after the end event, even if the server goes on', async () => {
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('The end.'), done, delta(' And more?'), done);
      // The connection stays open: the client must not wait for it.
    };
    const { shown, outcome } = await follow('chat');
    expect(shown).toMatchObject({ text: 'The end.', status: 'complete' });
    expect(shown.updates).toBe(3);
    expect(outcome.kind).toBe('ended');
  });

  it('ends quietly, without reconnecting, when the caller aborts', async () => {
    const controller = new AbortController();
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start());
      // Already read and parsed when the visitor aborts: still not applied.
      res.write(
        [delta('so far'), delta(' and later'), done].map((e) => `data: ${JSON.stringify(e)}\n\n`).join(''),
      );
      await sleep(100);
      res.end();
    };
    let updates = 0;
    const { shown, outcome } = await follow('chat', {
      signal: controller.signal,
      onUpdate: (u) => {
        updates += 1;
        if (u.type === 'text') controller.abort();
      },
    });
    await sleep(150);
    expect(outcome).toEqual({ kind: 'aborted' });
    expect(updates).toBe(2);
    expect(shown).toMatchObject({ text: 'so far', status: 'streaming' });
    expect(seen).toEqual([CHAT]);
  });

  it('an abort while waiting to reconnect stops the reconnection', async () => {
    const controller = new AbortController();
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('x'));
      cut(res);
      setTimeout(() => controller.abort(), 5);
    };
    const { outcome } = await follow('chat', { signal: controller.signal });
    await sleep(100);
    expect(outcome).toEqual({ kind: 'aborted' });
    expect(seen).toEqual([CHAT]);
  });

  it('reports a refusal with its code and Retry-After, and a proxy page as internal', async () => {
    routes[CHAT] = (_, res) => refuse(res, 429, 'rate_limited', { 'retry-after': '17' });
    const limited = await follow('chat');
    expect(limited.shown.updates).toBe(0);
    expect(limited.outcome).toMatchObject({
      kind: 'refused',
      error: { code: 'rate_limited', retryAfterSeconds: 17 },
    });

    routes[CHAT] = (_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    };
    const proxied = await follow('chat');
    expect(proxied.outcome).toMatchObject({ kind: 'refused', error: { code: 'internal', status: 502 } });
  });

  it('a connection cut before the answer starts is a network refusal, not a reconnection', async () => {
    routes[CHAT] = (_, res) => {
      sse(res);
      cut(res);
    };
    const { outcome } = await follow('chat');
    expect(outcome).toMatchObject({ kind: 'refused', error: { code: 'network' } });
    expect(seen).toEqual([CHAT]);
  });

  it('a refused reconnection ends the answer with that code', async () => {
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('half'));
      cut(res);
    };
    routes[STREAM] = (_, res) => refuse(res, 401, 'unauthorized');
    const { shown, outcome } = await follow('chat');
    expect(seen).toEqual([CHAT, STREAM]);
    expect(shown).toMatchObject({ text: 'half', status: 'error', errorCode: 'unauthorized' });
    expect(outcome).toEqual({ kind: 'ended', status: 'error', errorCode: 'unauthorized' });
  });

  it('204 on resume means there is no answer to follow', async () => {
    routes[STREAM] = (_, res) => {
      res.writeHead(204);
      res.end();
    };
    const { shown, outcome } = await follow('resume', { answerId: A });
    expect(outcome).toEqual({ kind: 'empty' });
    expect(shown.updates).toBe(0);
  });

  it('an event that breaks the contract is not applied; the replay is', async () => {
    routes[CHAT] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('Good '), 'data: {"type":"delta","text":42}\n\n', delta('never'));
      res.end();
    };
    routes[STREAM] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('Good text'), {
        type: 'error',
        code: 'upstream_interrupted',
        message: 'x',
      });
      res.end();
    };
    const { shown } = await follow('chat');
    expect(seen).toEqual([CHAT, STREAM]);
    expect(shown).toMatchObject({ text: 'Good text', status: 'error', errorCode: 'upstream_interrupted' });
  });

  it('a retry streams into the same answer, and an error event ends it', async () => {
    routes[`POST /api/conversations/${C}/retry`] = async (_, res) => {
      sse(res);
      await send(res, start(), delta('Partly'), { type: 'error', code: 'upstream_error', message: 'x' });
      res.end();
    };
    const { shown, outcome } = await follow('retry', { answerId: A });
    expect(shown).toMatchObject({ id: A, text: 'Partly', status: 'error', errorCode: 'upstream_error' });
    expect(outcome).toEqual({ kind: 'ended', status: 'error', errorCode: 'upstream_error' });
  });
});
