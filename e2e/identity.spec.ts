import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { type HostServer, startHostServer } from './support/host-server';
import { startPostgres } from './support/postgres.mjs';
import { ApiClient } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';
import { installProbe, WidgetPage } from './support/widget-page';

/*
 * Signed visitor identity (issue 15): a host site's server signs its visitor's user id with the
 * site's identity secret; Parley gives that visitor their conversations on every browser, refuses
 * wrong signatures, enforces identity when the site asks, rotates secrets with a grace period, and
 * never lets an identity reach another site's data. On both databases, then in the widget.
 */
const ADMIN = 'identity-spec-admin-token-0123456789abcdef';
const ENV_SECRET = 'identity-spec-environment-secret-0123456789';

const sign = (userId: string, secret: string) => createHmac('sha256', secret).update(userId).digest('hex');
type Refusal = { error: { code: string; message: string } };
type Identity = {
  required: boolean;
  environmentSecret: boolean;
  secrets: { id: string; secret: string; createdAt: string; expiresAt: string | null }[];
};

for (const database of ['pglite', 'postgres'] as const) {
  test.describe(`signed identity on ${database === 'pglite' ? 'the embedded database' : 'PostgreSQL'}`, () => {
    test.describe.configure({ mode: 'serial' });
    let upstream: FakeUpstream;
    let app: RunningApp;
    let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
    let shopSecret = '';

    const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
      fetch(`${app.url}/api/admin${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    const visitor = (body: unknown, token?: string) =>
      fetch(`${app.url}/api/visitors`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const signedIn = async (siteId: string, id: string, secret: string, token?: string) => {
      const response = await visitor({ siteId, user: { id, hash: sign(id, secret), name: 'Ada' } }, token);
      expect(response.status, await response.clone().text()).toBe(201);
      return new ApiClient(app.url, ((await response.json()) as { token: string }).token);
    };
    const chat = async (client: ApiClient, content: string) => {
      const response = await client.post('/api/chat', { messageId: crypto.randomUUID(), content });
      expect(response.status).toBe(200);
      await response.text();
    };
    const titles = async (client: ApiClient) => {
      const response = await client.get('/api/conversations');
      expect(response.status).toBe(200);
      const { conversations } = (await response.json()) as { conversations: { id: string; title: string }[] };
      return conversations;
    };
    const code = async (response: Response) => ((await response.json()) as Refusal).error.code;

    test.beforeAll(async () => {
      upstream = await startFakeUpstream();
      const env: Record<string, string> = {
        OPENAI_BASE_URL: upstream.url,
        OPENAI_API_KEY: 'sk-test-identity',
        ADMIN_API_TOKEN: ADMIN,
        IDENTITY_SECRET: ENV_SECRET,
      };
      if (database === 'postgres') {
        pg = await startPostgres();
        env.DATABASE_URL = await pg.createDatabase('parley');
      }
      app = await startApp(env);
      expect((await admin('/sites', { method: 'POST', body: { id: 'shop', name: 'Shop' } })).status).toBe(
        201,
      );
      const created = await admin('/sites/shop/identity', { method: 'POST', body: { graceHours: 0 } });
      expect(created.status).toBe(201);
      shopSecret = ((await created.json()) as Identity).secrets[0].secret;
    });
    test.afterAll(async () => {
      await app?.stop();
      await upstream?.close();
      pg?.stop();
    });

    test('a signed-in visitor finds their conversations from every browser; a wrong signature is refused', async () => {
      const laptop = await signedIn('default', 'user-42', ENV_SECRET);
      await chat(laptop, 'Where is my order 1001?');
      const phone = await signedIn('default', 'user-42', ENV_SECRET);
      expect(phone.token).not.toBe(laptop.token);
      expect((await titles(phone)).map((c) => c.title)).toEqual(['Where is my order 1001?']);
      // The owners see whom the site signed in.
      const [{ id }] = await titles(phone);
      const transcript = (await (await admin(`/conversations/${id}`)).json()) as {
        conversation: { userId: string | null; userName: string | null };
      };
      expect(transcript.conversation).toMatchObject({ userId: 'user-42', userName: 'Ada' });

      for (const hash of [sign('user-43', ENV_SECRET), sign('user-42', 'not-the-secret'), 'f'.repeat(64)]) {
        const wrong = await visitor({ siteId: 'default', user: { id: 'user-42', hash } });
        expect(wrong.status).toBe(401);
        expect(await code(wrong)).toBe('invalid_identity');
      }
      const malformed = await visitor({ siteId: 'default', user: { id: 'user-42', hash: 'abc' } });
      expect(malformed.status).toBe(400);
    });

    test('an anonymous visitor who signs in mid-chat keeps the conversation', async () => {
      const anonymous = new ApiClient(app.url);
      await anonymous.visitor();
      await chat(anonymous, 'I started before signing in');
      const after = await signedIn('default', 'user-7', ENV_SECRET, anonymous.token);
      const elsewhere = await signedIn('default', 'user-7', ENV_SECRET);
      expect((await titles(after)).map((c) => c.title)).toEqual(['I started before signing in']);
      expect((await titles(elsewhere)).map((c) => c.title)).toEqual(['I started before signing in']);
    });

    test('an identity does not reach another site, even with the same user id', async () => {
      const onDefault = await signedIn('default', 'user-42', ENV_SECRET);
      const [theirs] = await titles(onDefault);
      // The default site's signature is no signature for the shop.
      const crossed = await visitor({
        siteId: 'shop',
        user: { id: 'user-42', hash: sign('user-42', ENV_SECRET) },
      });
      expect(crossed.status).toBe(401);
      const onShop = await signedIn('shop', 'user-42', shopSecret);
      expect(await titles(onShop)).toEqual([]);
      const read = await onShop.get(`/api/conversations/${theirs.id}`);
      expect(read.status).toBe(404);
      const unknown = await onShop.get(`/api/conversations/${crypto.randomUUID()}`);
      expect(await read.text()).toBe(await unknown.text());
    });

    test('a rotated secret keeps working for its grace period, and not without one', async () => {
      const before = sign('user-9', shopSecret);
      const rotated = (await (
        await admin('/sites/shop/identity', { method: 'POST', body: { graceHours: 24 } })
      ).json()) as Identity;
      expect(rotated.secrets).toHaveLength(2);
      const [current, previous] = rotated.secrets;
      expect(current.expiresAt).toBeNull();
      expect(previous.secret).toBe(shopSecret);
      expect(Date.parse(previous.expiresAt ?? '') - Date.now()).toBeGreaterThan(23 * 3600_000);
      expect((await visitor({ siteId: 'shop', user: { id: 'user-9', hash: before } })).status).toBe(201);
      await signedIn('shop', 'user-9', current.secret);

      // A leaked secret: rotated with no grace, its signatures stop at once.
      const again = (await (
        await admin('/sites/shop/identity', { method: 'POST', body: { graceHours: 0 } })
      ).json()) as Identity;
      expect(again.secrets.map((s) => s.secret)).toEqual([expect.any(String)]);
      const refused = await visitor({ siteId: 'shop', user: { id: 'user-9', hash: before } });
      expect(refused.status).toBe(401);
      shopSecret = again.secrets[0].secret;
      await signedIn('shop', 'user-9', shopSecret);
    });

    test('the secrets are for owners only and never reach a page', async () => {
      expect((await fetch(`${app.url}/api/admin/sites/shop/identity`)).status).toBe(401);
      const identity = (await (await admin('/sites/default/identity')).json()) as Identity;
      expect(identity.environmentSecret).toBe(true);
      for (const path of ['/', '/embed/default', '/embed/shop', '/embed/shop/check.js', '/api/health']) {
        const body = await (await fetch(`${app.url}${path}`)).text();
        expect(body, path).not.toContain(shopSecret);
        expect(body, path).not.toContain(ENV_SECRET);
      }
    });

    test('guessing signatures is rate-limited', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const hash = sign(`guess-${i}`, 'attacker');
        statuses.push((await visitor({ siteId: 'shop', user: { id: 'target', hash } })).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
      // Even the right signature waits out the window: the limit counts attempts, not failures.
      const right = await visitor({
        siteId: 'shop',
        user: { id: 'target', hash: sign('target', shopSecret) },
      });
      expect(right.status).toBe(429);
    });

    test('a site that requires identity refuses anonymous visitors and their tokens', async () => {
      const anonymous = new ApiClient(app.url);
      await anonymous.visitor();
      const member = await signedIn('default', 'user-42', ENV_SECRET);
      const required = await admin('/sites/default', {
        method: 'PATCH',
        body: { settings: { identityRequired: true } },
      });
      expect(required.status).toBe(200);
      const fresh = await visitor({ siteId: 'default' });
      expect(fresh.status).toBe(401);
      expect(await code(fresh)).toBe('identity_required');
      const old = await anonymous.get('/api/conversations');
      expect(old.status).toBe(401);
      expect(await code(old)).toBe('identity_required');
      expect((await titles(member)).length).toBeGreaterThan(0);
      await admin('/sites/default', { method: 'PATCH', body: { settings: { identityRequired: null } } });
      expect((await anonymous.get('/api/conversations')).status).toBe(200);
    });

    test("signing out ends that browser's token, not the visitor's others", async () => {
      const one = await signedIn('default', 'user-5', ENV_SECRET);
      const two = await signedIn('default', 'user-5', ENV_SECRET);
      const out = await fetch(`${app.url}/api/visitors/me`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${one.token}` },
      });
      expect(out.status).toBe(204);
      expect((await one.get('/api/conversations')).status).toBe(401);
      expect((await two.get('/api/conversations')).status).toBe(200);
    });
  });
}

test.describe('signed identity in the widget', () => {
  test.describe.configure({ mode: 'serial' });
  let upstream: FakeUpstream;
  let app: RunningApp;
  let host: HostServer;
  const SECRET = 'widget-identity-secret-0123456789abcdefgh';
  const identify = (userId: string, hash = sign(userId, SECRET)) =>
    `Parley('identify', ${JSON.stringify({ userId, userHash: hash, name: 'Ada Lovelace' })});\n`;

  test.beforeAll(async () => {
    upstream = await startFakeUpstream();
    host = await startHostServer();
    app = await startApp({
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'test',
      EMBED_ALLOWED_ORIGINS: host.origin,
      IDENTITY_SECRET: SECRET,
      ADMIN_API_TOKEN: ADMIN,
    });
    host.chatOrigin = app.url;
  });
  test.afterAll(async () => {
    await host?.close();
    await app?.stop();
    await upstream?.close();
  });

  test('the same person on two browsers sees one history; Parley("reset") signs this browser out', async ({
    browser,
  }) => {
    const laptop = await browser.newContext();
    const page = await laptop.newPage();
    await installProbe(page);
    const widget = new WidgetPage(page);
    await widget.goto(host.page({ before: identify('ada') }));
    await widget.open();
    await widget.chat.ask('Hello from the laptop');
    await expect(widget.chat.lastAnswer()).toContainText('Echo: Hello from the laptop');
    const stored = await widget.stored();
    expect(stored).toMatchObject({ user: 'ada', token: expect.any(String) });

    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await phoneContext.newPage();
    await installProbe(phone);
    const other = new WidgetPage(phone);
    await other.goto(host.page({ before: identify('ada') }));
    await other.open();
    await expect(other.chat.lastAnswer()).toContainText('Echo: Hello from the laptop');
    expect((await other.stored())?.token).not.toBe(stored?.token);
    await phoneContext.close();

    // Logout on the host: this browser forgets the visitor, and its token no longer opens anything.
    await widget.call('reset');
    await expect(widget.chat.messages).toHaveCount(0);
    expect((await widget.stored())?.token).toBeFalsy();
    await expect
      .poll(
        async () =>
          (
            await fetch(`${app.url}/api/conversations`, {
              headers: { authorization: `Bearer ${stored?.token}` },
            })
          ).status,
      )
      .toBe(401);
    expect(await widget.violations()).toEqual([]);
    await laptop.close();
  });

  test('a wrong signature, and an anonymous visitor where identity is required, are told why', async ({
    page,
  }) => {
    await installProbe(page);
    const widget = new WidgetPage(page);
    await widget.goto(host.page({ before: identify('mallory', sign('mallory', 'guessed-secret')) }));
    await widget.open();
    await widget.chat.send('Let me in');
    await expect(widget.frame.getByText('We could not confirm that you are signed in.')).toBeVisible();

    // The owner turns identity on: a visitor the host did not sign in is asked to sign in.
    const patched = await fetch(`${app.url}/api/admin/sites/default`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { identityRequired: true } }),
    });
    expect(patched.status).toBe(200);
    await widget.goto(host.page());
    await widget.open();
    await widget.chat.send('Can I ask without an account?');
    await expect(widget.frame.getByText('Please sign in to the site to chat with us.')).toBeVisible();
    expect(await widget.violations()).toEqual([]);
  });
});
