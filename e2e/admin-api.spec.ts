import { expect, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ApiClient } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

/*
 * The admin API over real HTTP (docs/admin-api.md): the first owner set up with the code from the
 * server's log, sessions with CSRF, named tokens and ADMIN_API_TOKEN, and every endpoint asked
 * with a session, with a token and with neither.
 */

const AUTOMATION = 'automation-token-0123456789-abcdefghij';
const PASSWORD = 'a long enough password';

type Creds =
  | { kind: 'session'; cookie: string; csrf: string }
  | { kind: 'token'; token: string }
  | { kind: 'none' };

test.describe('the admin API', () => {
  test.describe.configure({ mode: 'serial' });
  let upstream: FakeUpstream;
  let app: RunningApp;
  let session: Extract<Creds, { kind: 'session' }>;

  const call = (
    creds: Creds,
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) => {
    const headers: Record<string, string> = { ...extra };
    if (creds.kind === 'session') {
      headers.cookie = creds.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = creds.csrf;
    }
    if (creds.kind === 'token') headers.authorization = `Bearer ${creds.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${app.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };

  test.beforeAll(async () => {
    upstream = await startFakeUpstream();
    app = await startApp({
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'sk-test-secret-key-admin',
      ADMIN_API_TOKEN: AUTOMATION,
    });
  });
  test.afterAll(async () => {
    await app?.stop();
    await upstream?.close();
  });

  test('the first owner needs the setup code from the log; then setup is closed', async () => {
    expect(await (await call({ kind: 'none' }, 'GET', '/api/admin/setup')).json()).toEqual({
      setupRequired: true,
    });
    await expect.poll(() => /setup code ([A-Z2-9-]{19})/.exec(app.logs())?.[1]).toBeTruthy();
    const code = /setup code ([A-Z2-9-]{19})/.exec(app.logs())?.[1] ?? '';
    const wrong = await call({ kind: 'none' }, 'POST', '/api/admin/setup', {
      code: 'AAAA-AAAA-AAAA-AAAA',
      email: 'owner@example.com',
      password: PASSWORD,
    });
    expect(wrong.status).toBe(403);
    const made = await call({ kind: 'none' }, 'POST', '/api/admin/setup', {
      code,
      email: 'Owner@Example.com',
      password: PASSWORD,
    });
    expect(made.status).toBe(201);
    const cookie = made.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^parley_session=ps_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(made.headers.get('cache-control')).toBe('no-store');
    expect(made.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const again = await call({ kind: 'none' }, 'POST', '/api/admin/setup', {
      code,
      email: 'x@example.com',
      password: PASSWORD,
    });
    expect(again.status).toBe(403);
    expect(await (await call({ kind: 'none' }, 'GET', '/api/admin/setup')).json()).toEqual({
      setupRequired: false,
    });
    // The password is nowhere in the log; the session cookie neither.
    expect(app.logs()).not.toContain(PASSWORD);
    expect(app.logs()).not.toContain(cookie.split(';')[0].split('=')[1]);
  });

  test('logging in: a wrong password is refused; a session then reads, and changes only with its CSRF token', async () => {
    const bad = await call({ kind: 'none' }, 'POST', '/api/admin/session', {
      email: 'owner@example.com',
      password: 'wrong password!',
    });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('invalid_credentials');
    const good = await call({ kind: 'none' }, 'POST', '/api/admin/session', {
      email: 'owner@example.com',
      password: PASSWORD,
    });
    expect(good.status).toBe(200);
    const body = await good.json();
    session = {
      kind: 'session',
      cookie: (good.headers.get('set-cookie') ?? '').split(';')[0],
      csrf: body.csrfToken,
    };
    expect(body.owner.email).toBe('owner@example.com');
    // A change without the CSRF token, or from another origin, is refused and changes nothing.
    const noCsrf = await fetch(`${app.url}/api/admin/tokens`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sneaky' }),
    });
    expect(noCsrf.status).toBe(403);
    const crossSite = await call(
      session,
      'POST',
      '/api/admin/tokens',
      { name: 'sneaky' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    const tokens = await (await call(session, 'GET', '/api/admin/tokens')).json();
    expect(tokens.tokens).toEqual([]);
  });

  test('named tokens are shown once, work until revoked, and are refused after', async () => {
    const made = await call(session, 'POST', '/api/admin/tokens', { name: 'CI export' });
    expect(made.status).toBe(201);
    const { token, secret } = await made.json();
    expect(secret).toMatch(/^pat_/);
    const listed = await (await call(session, 'GET', '/api/admin/tokens')).json();
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.tokens[0]).toMatchObject({
      id: token.id,
      name: 'CI export',
      prefix: secret.slice(0, 8),
      revokedAt: null,
    });
    const named: Creds = { kind: 'token', token: secret };
    expect((await call(named, 'GET', '/api/admin/owners')).status).toBe(200);
    expect((await call(session, 'DELETE', `/api/admin/tokens/${token.id}`)).status).toBe(204);
    const revoked = await call(named, 'GET', '/api/admin/owners');
    expect(revoked.status).toBe(401);
    expect((await call({ kind: 'token', token: `${AUTOMATION}x` }, 'GET', '/api/admin/owners')).status).toBe(
      401,
    );
  });

  test('owners add owners and remove them, never the last one', async () => {
    const token: Creds = { kind: 'token', token: AUTOMATION };
    const short = await call(token, 'POST', '/api/admin/owners', {
      email: 'two@example.com',
      password: 'short',
    });
    expect(short.status).toBe(400);
    const added = await call(token, 'POST', '/api/admin/owners', {
      email: 'two@example.com',
      password: PASSWORD,
    });
    expect(added.status).toBe(201);
    const { owner } = await added.json();
    expect(
      (await call(token, 'POST', '/api/admin/owners', { email: 'two@example.com', password: PASSWORD }))
        .status,
    ).toBe(409);
    const { owners } = await (await call(session, 'GET', '/api/admin/owners')).json();
    expect(owners.map((o: { email: string }) => o.email)).toEqual(['owner@example.com', 'two@example.com']);
    expect((await call(session, 'DELETE', `/api/admin/owners/${owner.id}`)).status).toBe(204);
    const first = owners[0].id;
    const last = await call(token, 'DELETE', `/api/admin/owners/${first}`);
    expect(last.status).toBe(409);
  });

  test('conversations: found by search, read with costs and feedback, exported, deleted for good', async () => {
    const visitor = new ApiClient(app.url);
    await visitor.visitor();
    const sent = await visitor.chat('Do you ship to Morocco?');
    expect(sent.end).toMatchObject({ type: 'done' });
    const conversationId = sent.conversationId ?? '';
    // The visitor votes, then changes their mind with a comment.
    const vote = (rating: string, comment?: string) =>
      visitor.post(`/api/messages/${sent.assistantMessageId}/feedback`, { rating, comment });
    expect((await vote('up')).status).toBe(200);
    expect(await (await vote('down', 'Not what I asked')).json()).toMatchObject({
      rating: 'down',
      comment: 'Not what I asked',
    });
    // Another visitor cannot vote on it.
    const stranger = new ApiClient(app.url);
    await stranger.visitor();
    expect(
      (await stranger.post(`/api/messages/${sent.assistantMessageId}/feedback`, { rating: 'up' })).status,
    ).toBe(404);

    const token: Creds = { kind: 'token', token: AUTOMATION };
    const found = await (await call(token, 'GET', '/api/admin/conversations?q=morocc')).json();
    expect(found.conversations.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    expect(found.conversations[0]).toMatchObject({ messages: 2, down: 1, up: 0 });
    const none = await (await call(session, 'GET', '/api/admin/conversations?q=zanzibar')).json();
    expect(none.conversations).toEqual([]);
    const bad = await call(session, 'GET', '/api/admin/conversations?limit=0');
    expect(bad.status).toBe(400);

    const transcript = await (
      await call(session, 'GET', `/api/admin/conversations/${conversationId}`)
    ).json();
    const answer = transcript.messages[1];
    expect(answer).toMatchObject({
      role: 'assistant',
      status: 'complete',
      model: expect.any(String),
      feedback: { rating: 'down', comment: 'Not what I asked' },
    });
    expect(answer.ttftMs).toEqual(expect.any(Number));

    const jsonl = await call(token, 'GET', '/api/admin/conversations/export?q=morocco');
    expect(jsonl.headers.get('content-type')).toContain('application/jsonl');
    const lines = (await jsonl.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.content)).toEqual(['Do you ship to Morocco?', sent.text]);
    const csv = await call(token, 'GET', '/api/admin/conversations/export?q=morocco&format=csv');
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toContain('conversationId,siteId');
    expect(rows).toHaveLength(3);

    const stats = await (await call(token, 'GET', '/api/admin/stats')).json();
    expect(stats.days.reduce((n: number, d: { answers: number }) => n + d.answers, 0)).toBeGreaterThanOrEqual(
      1,
    );

    expect((await call(session, 'DELETE', `/api/admin/conversations/${conversationId}`)).status).toBe(204);
    expect((await call(session, 'GET', `/api/admin/conversations/${conversationId}`)).status).toBe(404);
    expect((await visitor.get(`/api/conversations/${conversationId}`)).status).toBe(404);
    const after = await (await call(token, 'GET', '/api/admin/conversations?q=morocc')).json();
    expect(after.conversations).toEqual([]);
  });

  test('sites: created, changed (the next message uses the new prompt), reset to the environment, deleted', async () => {
    const token: Creds = { kind: 'token', token: AUTOMATION };
    const listed = await (await call(token, 'GET', '/api/admin/sites')).json();
    const initial = listed.sites.find((x: { id: string }) => x.id === 'default');
    expect(initial.sources.systemPrompt).toBe('environment');
    expect(initial.embedSnippet).toContain('data-site="default"');

    const changed = await call(session, 'PATCH', '/api/admin/sites/default', {
      settings: { systemPrompt: 'You are the helpdesk of Example Shoes.', starters: ['Where is my order?'] },
    });
    expect(changed.status).toBe(200);
    expect((await changed.json()).site.sources.systemPrompt).toBe('console');
    const visitor = new ApiClient(app.url);
    await visitor.visitor();
    await visitor.chat('hello');
    const system = (
      upstream.requests.at(-1)?.messages as { role: string; content: string }[] | undefined
    )?.[0];
    expect(system).toBeDefined();
    expect(system?.content).toContain('You are the helpdesk of Example Shoes.');

    const reset = await (
      await call(session, 'PATCH', '/api/admin/sites/default', { settings: { systemPrompt: null } })
    ).json();
    expect(reset.site.sources.systemPrompt).toBe('environment');
    const invalid = await call(token, 'PATCH', '/api/admin/sites/default', {
      settings: { starters: ['a', 'b', 'c', 'd', 'e'] },
    });
    expect(invalid.status).toBe(400);

    const made = await call(token, 'POST', '/api/admin/sites', {
      id: 'shoes',
      name: 'Example Shoes',
      settings: { allowedOrigins: ['https://shoes.example'] },
    });
    expect(made.status).toBe(201);
    expect((await call(token, 'POST', '/api/admin/sites', { id: 'shoes', name: 'Again' })).status).toBe(409);
    const shoes = await (await call(token, 'GET', '/api/admin/sites/shoes')).json();
    expect(shoes.site).toMatchObject({
      name: 'Example Shoes',
      settings: { allowedOrigins: ['https://shoes.example'] },
    });
    expect((await call(token, 'DELETE', '/api/admin/sites/default')).status).toBe(409);
    expect((await call(token, 'DELETE', '/api/admin/sites/shoes')).status).toBe(204);
    expect((await call(token, 'GET', '/api/admin/sites/shoes')).status).toBe(404);
  });

  test('every endpoint refuses a request with neither a session nor a token', async () => {
    const id = crypto.randomUUID();
    const endpoints: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/session'],
      ['DELETE', '/api/admin/session'],
      ['GET', '/api/admin/owners'],
      ['POST', '/api/admin/owners', { email: 'x@example.com', password: PASSWORD }],
      ['DELETE', `/api/admin/owners/${id}`],
      ['GET', '/api/admin/tokens'],
      ['POST', '/api/admin/tokens', { name: 'x' }],
      ['DELETE', `/api/admin/tokens/${id}`],
      ['GET', '/api/admin/conversations'],
      ['GET', `/api/admin/conversations/${id}`],
      ['DELETE', `/api/admin/conversations/${id}`],
      ['GET', '/api/admin/conversations/export'],
      ['GET', '/api/admin/stats'],
      ['GET', '/api/admin/sites'],
      ['POST', '/api/admin/sites', { id: 'x', name: 'x' }],
      ['GET', '/api/admin/sites/default'],
      ['PATCH', '/api/admin/sites/default', { name: 'x' }],
      ['DELETE', '/api/admin/sites/default'],
    ];
    for (const [method, path, body] of endpoints) {
      const response = await call({ kind: 'none' }, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get('cache-control'), `${method} ${path}`).toBe('no-store');
      expect((await response.json()).error.code).toBe('unauthorized');
    }
    const owners = await (await call(session, 'GET', '/api/admin/owners')).json();
    expect(owners.owners).toHaveLength(1);
  });

  test('logging out ends the session on the server', async () => {
    expect((await call(session, 'DELETE', '/api/admin/session')).status).toBe(204);
    expect((await call(session, 'GET', '/api/admin/session')).status).toBe(401);
  });
});
