import { expect, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ChatPage } from './support/chat-page';
import { requestOnNewConnection, startRequest } from './support/raw-http';
import { ApiClient, parseEvents, streamOf, textOf } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

let upstream: FakeUpstream;
test.beforeAll(async () => {
  upstream = await startFakeUpstream();
});
test.afterAll(async () => upstream?.close());

test.describe('one instance on the embedded database', () => {
  test.describe.configure({ mode: 'serial' });
  let app: RunningApp;
  test.beforeAll(async () => {
    app = await startApp({
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'test',
      CHAT_MAX_HISTORY_TOKENS: '200',
      RATE_LIMIT_VISITOR_PER_MINUTE: '1000',
    });
  });
  test.afterAll(async () => app?.stop());

  test('the same messageId twice stores nothing new and calls no model', async () => {
    const client = new ApiClient(app.url);
    await client.visitor();
    const first = await client.chat('only once');
    const calls = upstream.requests.length;
    const again = await client.chat('only once', { messageId: first.messageId });
    expect(again.status).toBe(200);
    expect(again.events[0]).toEqual(first.events[0]);
    expect(again.text).toBe('Echo: only once');
    expect(again.end).toEqual(first.end);
    expect(upstream.requests.length).toBe(calls);
    const { body } = await client.conversation(first.conversationId as string);
    expect(body.messages).toHaveLength(2);
  });

  test('a second send while an answer streams answers 409 busy and stores nothing', async () => {
    const client = new ApiClient(app.url);
    await client.visitor();
    const slow = await client.post('/api/chat', {
      messageId: crypto.randomUUID(),
      content: '[[words 80]] [[gap 20]] x',
    });
    const stream = streamOf(slow);
    await stream.until((t) => t.includes('"delta"'));
    const conversationId = stream.conversationId();
    const busy = await client.chat('me too', { conversationId });
    expect(busy.status).toBe(409);
    expect(JSON.parse(busy.body).error.code).toBe('busy');
    await stream.cancel();
    await expect
      .poll(async () => (await client.conversation(conversationId)).body.messages.map((m) => m.status))
      .toEqual(['complete', 'complete']);
  });

  test('only the newest history that fits CHAT_MAX_HISTORY_TOKENS goes upstream, system prompt first', async () => {
    const client = new ApiClient(app.url);
    await client.visitor();
    const first = await client.chat(`oldest ${'a'.repeat(300)}`);
    for (let i = 0; i < 3; i++)
      await client.chat(`middle ${i} ${'b'.repeat(100)}`, { conversationId: first.conversationId });
    await client.chat('newest', { conversationId: first.conversationId });
    const sent = upstream.requests.at(-1) as { messages: Array<{ role: string; content: string }> };
    expect(sent.messages[0].role).toBe('system');
    expect(sent.messages.at(-1)).toEqual({ role: 'user', content: 'newest' });
    expect(sent.messages.some((m) => m.content.startsWith('oldest'))).toBe(false);
    const chars = sent.messages.reduce((n, m) => n + m.content.length, 0);
    expect(chars / 4).toBeLessThanOrEqual(200);
  });

  test('a visitor who leaves does not stop the answer; a page opened meanwhile sees it grow and finish', async ({
    page,
  }) => {
    const client = new ApiClient(app.url);
    const token = await client.visitor();
    const controller = new AbortController();
    const response = await fetch(`${app.url}/api/chat`, {
      method: 'POST',
      headers: client.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({
        messageId: crypto.randomUUID(),
        content: '[[words 120]] [[gap 50]] keep going',
      }),
      signal: controller.signal,
    });
    const stream = streamOf(response);
    await stream.until((t) => t.includes('"delta"'));
    const conversationId = stream.conversationId();
    controller.abort();

    // While it runs (about 6 s), the stored message is streaming and grows: seen with more than 10
    // words before it completes.
    await expect
      .poll(async () => {
        const midway = (await client.conversation(conversationId)).body.messages[1];
        return { status: midway.status, moreThan10Words: midway.content.split(' ').length > 10 };
      })
      .toEqual({ status: 'streaming', moreThan10Words: true });

    await page.addInitScript((t) => localStorage.setItem('parley:default:token', t), token);
    await page.goto(app.url);
    const chat = new ChatPage(page);
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');
    await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete', { timeout: 15_000 });
    const final = (await client.conversation(conversationId)).body.messages[1];
    expect(final.status).toBe('complete');
    expect(final.content.split(' ').length).toBe(120);
    await expect(chat.lastAnswer()).toContainText(final.content.split(' ').slice(-3).join(' '));
  });

  test('the resume stream replays the answer so far, then follows it to the end', async () => {
    const client = new ApiClient(app.url);
    await client.visitor();
    const response = await client.post('/api/chat', {
      messageId: crypto.randomUUID(),
      content: '[[words 40]] [[gap 25]] r',
    });
    const stream = streamOf(response);
    await stream.until((t) => t.includes('"delta"'));
    await stream.cancel();
    const conversationId = stream.conversationId();
    const resumed = await client.get(`/api/conversations/${conversationId}/stream`);
    const events = parseEvents(await resumed.text());
    expect(events[0]).toMatchObject({ type: 'start', conversationId });
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'complete' });
    expect(textOf(events).split(' ')).toHaveLength(40);
  });

  test('Stop through the API ends the stream with done/stopped within 500 ms and keeps the text', async () => {
    const client = new ApiClient(app.url);
    await client.visitor();
    const response = await client.post('/api/chat', {
      messageId: crypto.randomUUID(),
      content: '[[words 300]] [[gap 30]] s',
    });
    const stream = streamOf(response);
    await stream.until((t) => t.split('"delta"').length > 4);
    const conversationId = stream.conversationId();
    const asked = Date.now();
    const stop = await client.post(`/api/conversations/${conversationId}/stop`, {});
    expect(Date.now() - asked).toBeLessThan(500);
    expect(await stop.json()).toMatchObject({ status: 'stopped' });
    const events = parseEvents(await stream.rest());
    expect(events.at(-1)).toMatchObject({ type: 'done', status: 'stopped' });
    const stored = (await client.conversation(conversationId)).body.messages[1];
    expect(stored.status).toBe('stopped');
    expect(stored.content).toBe(textOf(events));
  });

  test('the visitor rate limit answers 429 with Retry-After, and the page says when to send again', async ({
    page,
  }) => {
    const limited = await startApp({
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'test',
      RATE_LIMIT_VISITOR_PER_MINUTE: '2',
    });
    try {
      const client = new ApiClient(limited.url);
      await client.visitor();
      expect((await client.chat('one')).status).toBe(200);
      expect((await client.chat('two')).status).toBe(200);
      const calls = upstream.requests.length;
      const third = await client.chat('three');
      expect(third.status).toBe(429);
      expect(JSON.parse(third.body).error.code).toBe('rate_limited');
      expect(Number(third.response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(upstream.requests.length).toBe(calls);

      await page.addInitScript(
        (t) => localStorage.setItem('parley:default:token', t),
        client.token as string,
      );
      await page.goto(limited.url);
      const chat = new ChatPage(page);
      await chat.send('four');
      await expect(chat.userMessages.last()).toHaveAttribute('data-status', 'unsent');
      await expect(chat.userMessages.last().getByRole('alert')).toContainText(/send again in \d+ seconds?/);
    } finally {
      await limited.stop();
    }
  });

  test('the IP limit uses X-Forwarded-For only behind a trusted proxy', async () => {
    for (const trust of ['true', 'false']) {
      const limited = await startApp({
        OPENAI_BASE_URL: upstream.url,
        OPENAI_API_KEY: 'test',
        RATE_LIMIT_IP_PER_MINUTE: '2',
        TRUST_PROXY: trust,
      });
      try {
        const statuses: number[] = [];
        for (const ip of ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.1']) {
          const client = new ApiClient(limited.url);
          await client.visitor();
          const reply = await client.post(
            '/api/chat',
            { messageId: crypto.randomUUID(), content: 'hi' },
            { 'x-forwarded-for': ip },
          );
          await reply.text();
          statuses.push(reply.status);
        }
        // Trusted: counted per forwarded address. Untrusted: the header is ignored, all share 127.0.0.1.
        expect(statuses).toEqual(trust === 'true' ? [200, 200, 200, 429] : [200, 200, 429, 429]);
      } finally {
        await limited.stop();
      }
    }
  });
});

test('after a crash no answer stays streaming: on start-up orphans become interrupted', async () => {
  const dataDir = (await import('node:fs')).mkdtempSync(
    `${(await import('node:os')).tmpdir()}/parley-crash-`,
  );
  const env = { OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'test' };
  const first = await startApp(env, { dataDir });
  const client = new ApiClient(first.url);
  await client.visitor();
  const response = await client.post('/api/chat', {
    messageId: crypto.randomUUID(),
    content: '[[words 500]] [[gap 50]] c',
  });
  const stream = streamOf(response);
  await stream.until((t) => t.includes('"delta"'));
  const conversationId = stream.conversationId();
  // Killed once some of the answer is stored, so that there is text for the restart to keep.
  await expect
    .poll(async () => {
      const answer = (await client.conversation(conversationId)).body.messages[1];
      return { status: answer.status, stored: answer.content.length > 0 };
    })
    .toEqual({ status: 'streaming', stored: true });
  await first.stop('SIGKILL');

  const second = await startApp(env, { dataDir });
  try {
    const restarted = new ApiClient(second.url, client.token);
    const answer = (await restarted.conversation(conversationId)).body.messages[1];
    expect(answer.status).toBe('error');
    expect(answer.errorCode).toBe('interrupted');
    expect(answer.content.length).toBeGreaterThan(0);
  } finally {
    await second.stop();
  }
});

test('on SIGTERM the server refuses new chats, finishes running answers, then exits', async () => {
  const app = await startApp({
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'test',
    SHUTDOWN_GRACE_MS: '8000',
  });
  const client = new ApiClient(app.url);
  await client.visitor();
  const other = new ApiClient(app.url);
  await other.visitor();
  const newChat = () => ({
    method: 'POST',
    headers: other.headers({ 'content-type': 'application/json' }),
    body: JSON.stringify({ messageId: crypto.randomUUID(), content: 'anyone?' }),
  });
  const response = await client.post('/api/chat', {
    messageId: crypto.randomUUID(),
    // About 4 s: still running while the refusals below are checked, even on a loaded machine.
    content: '[[words 40]] [[gap 100]] t',
  });
  const stream = streamOf(response);
  await stream.until((t) => t.includes('"delta"'));
  const conversationId = stream.conversationId();
  // A chat whose request is under way when the signal comes: its connection stays open.
  const underWay = await startRequest(`${app.url}/api/chat`, 'POST');
  const exited = app.stop('SIGTERM');

  // What a client sees once the server is shutting down: /api/health answers 503 shutting_down,
  // or nothing accepts the connection any more.
  const health = async () => {
    const answer = await requestOnNewConnection(`${app.url}/api/health`);
    if (answer === 'refused') return 'refused';
    const body = JSON.parse(await answer.body()) as { status: string };
    return `${answer.status} ${body.status}`;
  };
  await expect.poll(health, { intervals: [50] }).toMatch(/^(refused|503 shutting_down)$/);

  // From then on no new chat starts: neither the one under way nor one on a new connection.
  const late = await underWay.finish(newChat());
  expect(late.status).toBe(503);
  expect(JSON.parse(await late.body()).error.code).toBe('shutting_down');
  const fresh = await requestOnNewConnection(`${app.url}/api/chat`, newChat());
  const seen = fresh === 'refused' ? fresh : `${fresh.status} ${JSON.parse(await fresh.body()).error?.code}`;
  expect(seen).toMatch(/^(refused|503 shutting_down)$/);

  const events = parseEvents(await stream.rest());
  expect(events.at(-1)).toMatchObject({ type: 'done', status: 'complete' });
  expect(textOf(events).split(' ')).toHaveLength(40);
  expect(await exited).toBe(0);
  expect(conversationId).toBeTruthy();
});

test('CHAT_FALLBACK_MODELS: a failing model is replaced in the same request, and the one that answered is stored', async () => {
  const app = await startApp({
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'test',
    CHAT_MODEL: 'primary',
    CHAT_FALLBACK_MODELS: 'backup-1, backup-2',
  });
  try {
    const client = new ApiClient(app.url);
    await client.visitor();
    const reply = await client.chat('[[primary: fail 503]] [[backup-1: fail 429]] still there?');
    expect(reply.events.map((e) => e.type)).not.toContain('error');
    expect(reply.text).toBe('Echo: still there?');
    expect(reply.end).toEqual({ type: 'done', status: 'complete', model: 'backup-2' });
    const stored = (await client.conversation(reply.conversationId as string)).body.messages[1];
    expect(stored.model).toBe('backup-2');
    const tried = upstream.requests.slice(-3).map((r) => (r as { model: string }).model);
    expect(tried).toEqual(['primary', 'backup-1', 'backup-2']);
  } finally {
    await app.stop();
  }
});
