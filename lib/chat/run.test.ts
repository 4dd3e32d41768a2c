import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConversationBusyError } from '@/db/errors';
import { getAnswerState } from '@/db/queries/answers';
import { createConversation } from '@/db/queries/conversations';
import { DEFAULT_SITE_ID, ensureDefaultSite } from '@/db/queries/sites';
import { conversationJson } from '@/db/queries/transcript';
import { insertExchange } from '@/db/queries/turns';
import { createVisitor } from '@/db/queries/visitors';
import { freshDatabase } from '@/e2e/support/databases';
import { type FakeUpstream, startFakeUpstream } from '@/e2e/support/upstream';
import { configureEnv } from '@/lib/env';
import { runWhileStoring } from './overlap';
import { ProgressSaver } from './progress';
import { ChatRun } from './run';
import { Runtime } from './runtime';

const API_KEY = 'sk-unit-test-secret-000111';
let upstream: FakeUpstream;
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let client: OpenAI;
let visitorId: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  configureEnv({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: upstream.url, CHAT_MODEL: 'model-a' });
  client = new OpenAI({ apiKey: API_KEY, baseURL: upstream.url, maxRetries: 0 });
  ctx = await freshDatabase('pglite');
  await ensureDefaultSite(ctx.database.db);
  visitorId = (await createVisitor(ctx.database.db, DEFAULT_SITE_ID)).visitor.id;
});
afterAll(async () => {
  await upstream?.close();
  await ctx?.cleanup();
});

async function newConversation() {
  const scope = { siteId: DEFAULT_SITE_ID, visitorId };
  const conversation = await createConversation(ctx.database.db, scope, { title: null });
  return { scope, conversationId: conversation.id };
}

async function run(
  content: string,
  options: { models?: string[]; firstTokenTimeoutMs?: number; progress?: ProgressSaver } = {},
) {
  const db = ctx.database.db;
  const { scope, conversationId } = await newConversation();
  const ids = { userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID() };
  await insertExchange(db, scope, { conversationId, ...ids, content, owner: 'me', model: 'a' });
  const chatRun = new ChatRun({
    db,
    client,
    conversationId,
    ...ids,
    models: options.models ?? ['model-a', 'model-b'],
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content },
    ],
    firstTokenTimeoutMs: options.firstTokenTimeoutMs ?? 5000,
    idleTimeoutMs: 5000,
    progress: options.progress ?? new ProgressSaver(db, 100),
  });
  return { chatRun, ...ids, conversationId, stored: () => getAnswerState(db, ids.assistantMessageId) };
}

/** Resolves once the stored answer is still streaming and has some text. */
async function storedMidway(r: Awaited<ReturnType<typeof run>>) {
  return vi.waitFor(
    async () => {
      const midway = await r.stored();
      expect(midway?.status).toBe('streaming');
      expect(midway?.content.length).toBeGreaterThan(0);
      return midway;
    },
    { timeout: 5000, interval: 20 },
  );
}

function captureLogs() {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return { lines, restore: () => spy.mockRestore() };
}

describe('ChatRun', () => {
  it('streams an answer, stores it whole with usage, time to first token and model', async () => {
    const r = await run('hello');
    const deltas: string[] = [];
    r.chatRun.subscribe((e) => e.type === 'delta' && deltas.push(e.text));
    expect(await r.chatRun.done).toEqual({ type: 'done', status: 'complete', model: 'model-a' });
    expect(deltas.join('')).toBe('Echo: hello');
    const stored = await r.stored();
    expect(stored).toMatchObject({
      status: 'complete',
      content: 'Echo: hello',
      model: 'model-a',
      runOwner: null,
    });
    expect(stored?.totalTokens).toBeGreaterThan(0);
    expect(stored?.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['a 500', '[[model-a: fail 500]]'],
    ['a 429', '[[model-a: fail 429]]'],
    ['a 503', '[[model-a: fail 503]]'],
    ['no first token in time', '[[model-a: hang]]'],
  ])('falls back to the next model on %s, invisibly', async (_name, directive) => {
    const r = await run(`${directive} hi`, { firstTokenTimeoutMs: 400 });
    const deltas: string[] = [];
    r.chatRun.subscribe((e) => e.type === 'delta' && deltas.push(e.text));
    expect(await r.chatRun.done).toEqual({ type: 'done', status: 'complete', model: 'model-b' });
    expect(deltas.join('')).toBe('Echo: hi');
    expect((await r.stored())?.model).toBe('model-b');
  });

  it('does not retry a 400 that another model would not fix', async () => {
    const before = upstream.requests.length;
    const r = await run('[[fail 400]] bad');
    expect(await r.chatRun.done).toMatchObject({ type: 'error', code: 'upstream_error' });
    expect(upstream.requests.length - before).toBe(1);
  });

  it('keeps the partial answer of a stream that dies, with upstream_interrupted, and does not fall back', async () => {
    const before = upstream.requests.length;
    const r = await run('[[cut 3]] one two three four five six');
    expect(await r.chatRun.done).toMatchObject({ type: 'error', code: 'upstream_interrupted' });
    const stored = await r.stored();
    expect(stored?.status).toBe('error');
    expect(stored?.errorCode).toBe('upstream_interrupted');
    expect(stored?.content.length).toBeGreaterThan(0);
    expect('Echo: one two three four five six'.startsWith(stored?.content ?? 'x')).toBe(true);
    expect(upstream.requests.length - before).toBe(1);
  });

  it('stops within 500 ms and stores the partial answer as stopped', async () => {
    const r = await run('[[words 500]] [[gap 30]] go');
    await new Promise<void>((resolve) => {
      const off = r.chatRun.subscribe((e) => {
        if (e.type === 'delta' && r.chatRun.content.length > 20) {
          off();
          resolve();
        }
      });
    });
    const asked = Date.now();
    r.chatRun.stop();
    expect(await r.chatRun.done).toEqual({ type: 'done', status: 'stopped', model: 'model-a' });
    expect(Date.now() - asked).toBeLessThan(500);
    const stored = await r.stored();
    expect(stored?.status).toBe('stopped');
    expect(stored?.content).toBe(r.chatRun.content);
    expect(stored?.content.split(' ').length).toBeLessThan(500);
  });

  it('saves the growing answer while it streams', async () => {
    const r = await run('[[words 60]] [[gap 25]] slow');
    const midway = await storedMidway(r);
    expect(r.chatRun.content.startsWith(midway?.content ?? 'x')).toBe(true);
    expect(r.chatRun.end).toBeNull();
    await r.chatRun.done;
    expect((await r.stored())?.status).toBe('complete');
  });

  it('logs each failure once with the conversation and request id, never the key', async () => {
    const logs = captureLogs();
    try {
      const r = await run('[[model-a: fail 500]] [[model-b: fail 502]] hi');
      expect(await r.chatRun.done).toMatchObject({ type: 'error', code: 'upstream_error' });
      const failures = logs.lines
        .filter((l) => l.includes('upstream_attempt_failed'))
        .map((l) => JSON.parse(l));
      expect(failures).toHaveLength(2);
      for (const entry of failures) {
        expect(entry.conversationId).toBe(r.conversationId);
        expect(entry.requestId).toMatch(/^req_/);
      }
      expect(logs.lines.join('')).not.toContain(API_KEY);
    } finally {
      logs.restore();
    }
  });

  it('saves the growing text of several answers together', async () => {
    const progress = new ProgressSaver(ctx.database.db, 100);
    const runs = await Promise.all([1, 2, 3].map(() => run('[[words 60]] [[gap 25]] many', { progress })));
    for (const r of runs) {
      const midway = await storedMidway(r);
      expect(r.chatRun.content.startsWith(midway?.content ?? 'x')).toBe(true);
    }
    await Promise.all(runs.map((r) => r.chatRun.done));
  });
});

describe('calling the model while the exchange is stored', () => {
  const plan = (conversationId: string, content: string) => ({
    conversationId,
    userMessageId: crypto.randomUUID(),
    assistantMessageId: crypto.randomUUID(),
    models: ['model-a'],
    messages: [{ role: 'user' as const, content }],
  });

  it('sends the request before the store commits and keeps the text that came meanwhile', async () => {
    const rt = new Runtime(ctx.database);
    const { scope, conversationId } = await newConversation();
    const p = plan(conversationId, '[[words 30]] [[gap 20]] early');
    const before = upstream.requests.length;
    let commit = () => {};
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const store = committed.then(() =>
      insertExchange(ctx.database.db, scope, {
        ...p,
        content: 'early',
        owner: 'me',
        model: 'model-a',
      }),
    );
    let started = false;
    const running = runWhileStoring(rt, p, store).then((r) => {
      started = true;
      return r;
    });
    // The model is asked while the store has not committed, and no run exists before it has.
    await vi.waitFor(() => expect(upstream.requests.length).toBe(before + 1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(false);
    expect(rt.runs.get(p.assistantMessageId)).toBeUndefined();
    commit();
    const chatRun = await running;
    expect(await chatRun.done).toMatchObject({ type: 'done', status: 'complete' });
    const stored = await getAnswerState(ctx.database.db, p.assistantMessageId);
    expect(stored).toMatchObject({ status: 'complete', content: chatRun.content });
    expect(stored?.content.split(' ')).toHaveLength(30);
  });

  it('cancels the model request and changes nothing when the store is refused', async () => {
    const rt = new Runtime(ctx.database);
    const db = ctx.database.db;
    const { scope, conversationId } = await newConversation();
    // An answer is already streaming here: the store of a second exchange is refused.
    const first = plan(conversationId, 'first');
    await insertExchange(db, scope, { ...first, content: 'first', owner: 'x', model: 'm' });
    const before = await conversationJson(db, scope, conversationId, { limit: 1000 });
    const second = plan(conversationId, '[[words 500]] [[gap 30]] refused');
    const requests = upstream.requests.length;
    const store = new Promise((resolve) => setTimeout(resolve, 100)).then(() =>
      insertExchange(db, scope, {
        ...second,
        content: 'refused',
        owner: 'me',
        model: 'model-a',
      }),
    );
    await expect(runWhileStoring(rt, second, store)).rejects.toBeInstanceOf(ConversationBusyError);
    const request = upstream.requests[requests];
    expect(JSON.stringify(request?.messages)).toContain('refused');
    await vi.waitFor(() => expect(request?.closedByClient).toBe(true));
    expect(rt.runs.get(second.assistantMessageId)).toBeUndefined();
    expect(await conversationJson(db, scope, conversationId, { limit: 1000 })).toBe(before);
  });
});
