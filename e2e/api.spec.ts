import { expect, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { startPostgres } from './support/postgres.mjs';
import { ApiClient } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

type Backend = 'pglite' | 'postgres';

for (const backend of ['pglite', 'postgres'] as Backend[]) {
  test.describe(`HTTP API on ${backend}`, () => {
    test.describe.configure({ mode: 'serial' });
    let upstream: FakeUpstream;
    let app: RunningApp;
    let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;

    test.beforeAll(async () => {
      upstream = await startFakeUpstream();
      const env: Record<string, string> = {
        OPENAI_BASE_URL: upstream.url,
        OPENAI_API_KEY: 'sk-test-secret-key-123456',
        CHAT_MAX_INPUT_CHARS: '500',
      };
      if (backend === 'postgres') {
        pg = await startPostgres();
        env.DATABASE_URL = await pg.createDatabase('parley');
      }
      app = await startApp(env);
    });

    test.afterAll(async () => {
      await app?.stop();
      await upstream?.close();
      pg?.stop();
    });

    test('every answer says nosniff, a referrer policy and a permissions policy; HSTS only over https', async () => {
      for (const path of ['/', '/embed/default', '/admin', '/api/health', '/embed.js']) {
        const response = await fetch(`${app.url}${path}`);
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
        expect(response.headers.get('permissions-policy'), path).toContain('camera=()');
        expect(response.headers.get('strict-transport-security'), path).toBeNull();
      }
      const secure = await fetch(`${app.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000');
    });

    test('an address that cannot be decoded gets a clean 400 from the API and Parley’s 404 page, never a 500', async () => {
      for (const path of ['/api/conversations/%ZZ', '/api/messages/%E0%A4%A/feedback']) {
        const response = await fetch(`${app.url}${path}`);
        expect(response.status, path).toBe(400);
        expect((await response.json()).error.code).toBe('invalid_request');
      }
      for (const path of ['/embed/%ZZ', '/%ZZ', '/embed/default/%', '/admin/%C0%AF?x=1']) {
        const response = await fetch(`${app.url}${path}`, { headers: { 'accept-language': 'fr' } });
        expect(response.status, path).toBe(404);
        expect(response.headers.get('content-type')).toContain('text/html');
        expect(await response.text()).toContain('Page introuvable');
      }
      // A % that is well encoded still reaches the page: an unknown site, explained.
      const unknown = await fetch(`${app.url}/embed/a%25b`);
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).not.toContain('Internal Server Error');
    });

    test('a visitor gets an opaque token of at least 128 bits', async () => {
      const response = await fetch(`${app.url}/api/visitors`, { method: 'POST' });
      expect(response.status).toBe(201);
      const { token } = (await response.json()) as { token: string };
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    });

    test('a message streams back as start, deltas and done, and is stored', async () => {
      const client = new ApiClient(app.url);
      await client.visitor();
      const reply = await client.chat('Hello there');
      expect(reply.status).toBe(200);
      expect(reply.response.headers.get('content-type')).toContain('text/event-stream');
      expect(reply.events[0]).toMatchObject({
        type: 'start',
        conversationId: expect.any(String),
        userMessageId: reply.messageId,
        assistantMessageId: expect.any(String),
      });
      expect(reply.events.filter((e) => e.type === 'delta').length).toBeGreaterThan(1);
      expect(reply.text).toBe('Echo: Hello there');
      expect(reply.end).toEqual({ type: 'done', status: 'complete', model: 'gpt-4o-mini' });

      const second = await client.chat('And again', { conversationId: reply.conversationId });
      expect(second.conversationId).toBe(reply.conversationId);

      const { status, body } = await client.conversation(reply.conversationId as string);
      expect(status).toBe(200);
      expect(body.id).toBe(reply.conversationId);
      expect(body.messages.map((m) => [m.role, m.content, m.status])).toEqual([
        ['user', 'Hello there', 'complete'],
        ['assistant', 'Echo: Hello there', 'complete'],
        ['user', 'And again', 'complete'],
        ['assistant', 'Echo: And again', 'complete'],
      ]);
      expect(body.messages[1]).toMatchObject({ id: reply.assistantMessageId, model: 'gpt-4o-mini' });
      expect(Date.parse(body.messages[0].createdAt)).not.toBeNaN();

      // The upstream got the system prompt first, then the history, streamed with usage.
      const sent = upstream.requests.at(-1) as {
        messages: Array<{ role: string; content: string }>;
        stream_options: unknown;
      };
      expect(sent.messages[0].role).toBe('system');
      expect(sent.messages.slice(1).map((m) => m.content)).toEqual([
        'Hello there',
        'Echo: Hello there',
        'And again',
      ]);
      expect(sent.stream_options).toEqual({ include_usage: true });
    });

    test('conversations are listed newest first and only to their visitor', async () => {
      const alice = new ApiClient(app.url);
      const bob = new ApiClient(app.url);
      await alice.visitor();
      await bob.visitor();
      const first = await alice.chat('first');
      const second = await alice.chat('second');
      const bobs = await bob.chat('bob here');
      expect((await alice.conversations()).map((c) => c.id)).toEqual([
        second.conversationId,
        first.conversationId,
      ]);
      expect((await bob.conversations()).map((c) => c.id)).toEqual([bobs.conversationId]);
      // Another visitor's conversation is 404, exactly like one that does not exist.
      const stolen = await bob.conversation(first.conversationId as string);
      expect(stolen.status).toBe(404);
      expect(stolen.body.error?.code).toBe('not_found');
      expect((await bob.conversation(crypto.randomUUID())).status).toBe(404);
      const intrude = await bob.chat('hijack', { conversationId: first.conversationId });
      expect(intrude.status).toBe(404);
      expect((await alice.conversation(first.conversationId as string)).body.messages).toHaveLength(2);
    });

    test('refusals are coded JSON and store nothing', async () => {
      const client = new ApiClient(app.url);
      await client.visitor();
      const calls = upstream.requests.length;
      const expectRefusal = async (response: Response, status: number, code: string) => {
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toContain('application/json');
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe(code);
        expect(body.error.message.length).toBeGreaterThan(0);
      };
      const id = () => crypto.randomUUID();
      await expectRefusal(await client.post('/api/chat', '{"messageId":'), 400, 'invalid_json');
      await expectRefusal(await client.post('/api/chat', { content: 'hi' }), 400, 'invalid_request');
      await expectRefusal(
        await client.post('/api/chat', { messageId: 'nope', content: 'hi' }),
        400,
        'invalid_request',
      );
      await expectRefusal(
        await client.post('/api/chat', { messageId: id(), content: ' \n\t ' }),
        400,
        'invalid_request',
      );
      await expectRefusal(
        await client.post('/api/chat', { messageId: id(), content: 42 }),
        400,
        'invalid_request',
      );
      await expectRefusal(
        await client.post('/api/chat', { messageId: id(), content: 'x'.repeat(70 * 1024) }),
        413,
        'payload_too_large',
      );
      await expectRefusal(
        await client.post('/api/chat', { messageId: id(), content: 'x'.repeat(501) }),
        413,
        'payload_too_large',
      );
      await expectRefusal(
        await client.post('/api/chat', 'hello', { 'content-type': 'text/plain' }),
        415,
        'unsupported_media_type',
      );
      const anonymous = new ApiClient(app.url);
      await expectRefusal(
        await anonymous.post('/api/chat', { messageId: id(), content: 'hi' }),
        401,
        'unauthorized',
      );
      await expectRefusal(await anonymous.get('/api/conversations'), 401, 'unauthorized');
      const forged = new ApiClient(app.url, 'A'.repeat(43));
      await expectRefusal(
        await forged.post('/api/chat', { messageId: id(), content: 'hi' }),
        401,
        'unauthorized',
      );
      await expectRefusal(await client.get('/api/conversations/not-a-uuid'), 404, 'not_found');

      expect(await client.conversations()).toEqual([]);
      expect(upstream.requests.length).toBe(calls);
    });

    test('pages other than /embed cannot be framed by other sites', async () => {
      for (const path of ['/', '/demo']) {
        const response = await fetch(`${app.url}${path}`);
        const policy = response.headers.get('content-security-policy') ?? '';
        expect(policy.split('; ')).toContain("frame-ancestors 'self'");
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });

    test('health answers while the database does', async () => {
      const response = await fetch(`${app.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', database: backend });
    });

    test('the API key never reaches a response or the log', async () => {
      const client = new ApiClient(app.url);
      await client.visitor();
      await client.chat('[[fail 401]] who am I');
      const page = await fetch(`${app.url}/`);
      expect(await page.text()).not.toContain('sk-test-secret-key-123456');
      expect(app.logs()).not.toContain('sk-test-secret-key-123456');
    });
  });
}

test.describe('without an upstream', () => {
  let app: RunningApp;
  test.beforeAll(async () => {
    app = await startApp({});
  });
  test.afterAll(async () => app?.stop());

  test('the page says the chat is unavailable and /api/chat answers 503 upstream_not_configured', async ({
    page,
  }) => {
    const client = new ApiClient(app.url);
    await client.visitor();
    const reply = await client.post('/api/chat', { messageId: crypto.randomUUID(), content: 'hi' });
    expect(reply.status).toBe(503);
    expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('upstream_not_configured');
    expect(await client.conversations()).toEqual([]);

    // Visitors are told the chat is unavailable; how to configure it is for the server's log.
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'The chat is unavailable right now.' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    expect(app.logs()).toContain('upstream_not_configured');
  });
});
