import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConversation } from '@/db/queries/conversations';
import { getMessage, insertExchange } from '@/db/queries/messages';
import { DEFAULT_SITE_ID, ensureDefaultSite } from '@/db/queries/sites';
import { createVisitor } from '@/db/queries/visitors';
import { freshDatabase } from '@/e2e/support/databases';
import { type FakeUpstream, startFakeUpstream } from '@/e2e/support/upstream';
import { configureEnv } from '@/lib/env';
import { ProgressSaver } from './progress';
import { ChatRun } from './run';

const API_KEY = 'sk-unit-test-secret-000111';
let upstream: FakeUpstream;
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let client: OpenAI;
let visitorId: string;

beforeAll(async () => {
  configureEnv({ OPENAI_API_KEY: API_KEY });
  upstream = await startFakeUpstream();
  client = new OpenAI({ apiKey: API_KEY, baseURL: upstream.url, maxRetries: 0 });
  ctx = await freshDatabase('pglite');
  await ensureDefaultSite(ctx.database.db, { allowedOrigins: [], defaultLocale: 'en' });
  visitorId = (await createVisitor(ctx.database.db, DEFAULT_SITE_ID)).visitor.id;
});
afterAll(async () => {
  await upstream?.close();
  await ctx?.cleanup();
});

async function run(
  content: string,
  options: {
    models?: string[];
    firstTokenTimeoutMs?: number;
    admission?: Promise<unknown>;
    progress?: ProgressSaver;
  } = {},
) {
  const db = ctx.database.db;
  const conversation = await createConversation(db, { siteId: DEFAULT_SITE_ID, visitorId, title: null });
  const ids = { userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID() };
  const store = () =>
    insertExchange(db, { conversationId: conversation.id, ...ids, content, owner: 'me', model: 'a' });
  if (!options.admission) await store();
  const chatRun = new ChatRun({
    db,
    client,
    conversationId: conversation.id,
    ...ids,
    models: options.models ?? ['model-a', 'model-b'],
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content },
    ],
    firstTokenTimeoutMs: options.firstTokenTimeoutMs ?? 5000,
    idleTimeoutMs: 5000,
    progress: options.progress ?? new ProgressSaver(db, 100),
    admission: options.admission,
  });
  return {
    chatRun,
    store,
    ...ids,
    conversationId: conversation.id,
    stored: () => getMessage(db, ids.assistantMessageId),
  };
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
    await new Promise((resolve) => setTimeout(resolve, 800));
    const midway = await r.stored();
    expect(midway?.status).toBe('streaming');
    expect(midway?.content.length).toBeGreaterThan(0);
    expect(r.chatRun.content.startsWith(midway?.content ?? 'x')).toBe(true);
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

  it('calls the model while the exchange is stored, and keeps the text that came meanwhile', async () => {
    let admit = () => {};
    const admission = new Promise<void>((resolve) => {
      admit = resolve;
    });
    const r = await run('[[words 30]] [[gap 20]] early', { admission });
    await vi.waitFor(() => expect(r.chatRun.content.length).toBeGreaterThan(0));
    // Nothing is written before the exchange is stored.
    expect(await r.stored()).toBeUndefined();
    await r.store();
    admit();
    expect(await r.chatRun.done).toMatchObject({ type: 'done', status: 'complete' });
    const stored = await r.stored();
    expect(stored).toMatchObject({ status: 'complete', content: r.chatRun.content });
    expect(stored?.content.split(' ')).toHaveLength(30);
  });

  it('ends the model call and writes nothing when the exchange is refused', async () => {
    let refuse = (_: Error) => {};
    const admission = new Promise<void>((_, reject) => {
      refuse = reject;
    });
    const r = await run('[[words 500]] [[gap 30]] refused', { admission });
    await vi.waitFor(() => expect(r.chatRun.content.length).toBeGreaterThan(0));
    const asked = Date.now();
    refuse(new Error('busy'));
    await r.chatRun.done;
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(await r.stored()).toBeUndefined();
  });

  it('saves the growing text of several answers together', async () => {
    const progress = new ProgressSaver(ctx.database.db, 100);
    const runs = await Promise.all([1, 2, 3].map(() => run('[[words 60]] [[gap 25]] many', { progress })));
    await new Promise((resolve) => setTimeout(resolve, 700));
    for (const r of runs) {
      const midway = await r.stored();
      expect(midway?.status).toBe('streaming');
      expect(midway?.content.length).toBeGreaterThan(0);
      expect(r.chatRun.content.startsWith(midway?.content ?? 'x')).toBe(true);
    }
    await Promise.all(runs.map((r) => r.chatRun.done));
  });
});
