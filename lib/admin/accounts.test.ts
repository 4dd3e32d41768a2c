import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOwners, listOwners } from '@/db/queries/owners';
import { freshDatabase } from '@/e2e/support/databases';
import { authenticateAdmin, CSRF_HEADER, SESSION_COOKIE } from '@/lib/auth/admin';
import { configureEnv, type Env, parseEnv } from '@/lib/env';
import { addOwner, ensureFirstOwner, logIn, removeOwner, setUp } from './accounts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  configureEnv({ ADMIN_API_TOKEN: 'x'.repeat(40) });
  ctx = await freshDatabase('pglite');
});
afterAll(async () => ctx?.cleanup());

const envWith = (vars: Record<string, string>): Env => parseEnv(vars);
const request = (init: { method?: string; headers?: Record<string, string> } = {}) =>
  new Request('http://127.0.0.1:3000/api/admin/owners', {
    method: init.method ?? 'GET',
    headers: { host: '127.0.0.1:3000', ...init.headers },
  });

describe('the first owner', () => {
  it('is set up once, with the code the server printed, and is logged in', async () => {
    const db = ctx.database.db;
    const { setupCode } = await ensureFirstOwner(db, envWith({}), Date.now());
    expect(setupCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    await expect(
      setUp(db, { code: 'AAAA-BBBB-CCCC-DDDD', email: 'a@example.com', password: PASSWORD }, Date.now()),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      setUp(db, { code: setupCode ?? '', email: 'a@example.com', password: 'short' }, Date.now()),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await countOwners(db)).toBe(0);
    // Typed from the log in lower case, without dashes: the same code.
    const code = (setupCode ?? '').toLowerCase().replaceAll('-', ' ');
    const session = await setUp(db, { code, email: 'a@example.com', password: PASSWORD }, Date.now());
    expect(session.owner.email).toBe('a@example.com');
    // The code is spent, and there is an owner: no second setup.
    await expect(
      setUp(db, { code: setupCode ?? '', email: 'b@example.com', password: PASSWORD }, Date.now()),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await ensureFirstOwner(db, envWith({}), Date.now())).setupCode).toBeUndefined();
  });

  it('follows ADMIN_EMAIL and ADMIN_PASSWORD: created, then its password reset to them', async () => {
    const db = ctx.database.db;
    const e = envWith({ ADMIN_EMAIL: 'Boss@Example.com', ADMIN_PASSWORD: 'first password 1' });
    await ensureFirstOwner(db, e, Date.now());
    await logIn(db, { email: 'boss@example.com', password: 'first password 1', ip: null }, Date.now());
    await ensureFirstOwner(
      db,
      envWith({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'second password' }),
      Date.now(),
    );
    await expect(
      logIn(db, { email: 'boss@example.com', password: 'first password 1', ip: null }, Date.now()),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    await logIn(db, { email: 'boss@example.com', password: 'second password', ip: null }, Date.now());
    await expect(ensureFirstOwner(db, envWith({ ADMIN_EMAIL: 'x@example.com' }), Date.now())).rejects.toThrow(
      /both/,
    );
  });
});

describe('logging in', () => {
  it('refuses a wrong password and an unknown email alike, and then refuses everyone for a while', async () => {
    const db = ctx.database.db;
    await addOwner(db, { email: 'limited@example.com', password: PASSWORD });
    const start = Date.now();
    const wrong = { email: 'limited@example.com', password: 'wrong password!!', ip: '192.0.2.1' };
    await expect(logIn(db, wrong, start)).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(logIn(db, { ...wrong, email: 'nobody@example.com' }, start)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    for (let i = 0; i < 9; i++) await logIn(db, wrong, start).catch(() => {});
    // The right password does not get through once the account's attempts are spent...
    await expect(logIn(db, { ...wrong, password: PASSWORD, ip: '192.0.2.2' }, start)).rejects.toMatchObject({
      code: 'rate_limited',
    });
    // ...until the window has passed.
    await logIn(db, { ...wrong, password: PASSWORD }, start + 16 * 60_000);
  });
});

describe('the admin API’s principal', () => {
  it('is an owner with a session cookie; a change also needs the CSRF token and the console’s origin', async () => {
    const db = ctx.database.db;
    await addOwner(db, { email: 'csrf@example.com', password: PASSWORD });
    const session = await logIn(db, { email: 'csrf@example.com', password: PASSWORD, ip: null }, Date.now());
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    const who = await authenticateAdmin(request({ headers: { cookie } }), db, Date.now());
    expect(who).toMatchObject({ kind: 'owner', owner: { email: 'csrf@example.com' } });
    await expect(
      authenticateAdmin(request({ method: 'POST', headers: { cookie } }), db, Date.now()),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const csrf = { cookie, [CSRF_HEADER]: session.csrfToken };
    await authenticateAdmin(request({ method: 'POST', headers: csrf }), db, Date.now());
    await expect(
      authenticateAdmin(
        request({ method: 'POST', headers: { ...csrf, origin: 'https://evil.example' } }),
        db,
        Date.now(),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      authenticateAdmin(
        request({ method: 'POST', headers: { ...csrf, 'sec-fetch-site': 'cross-site' } }),
        db,
        Date.now(),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // Expired: a day later without use.
    await expect(
      authenticateAdmin(request({ headers: { cookie } }), db, Date.now() + 25 * 3600_000),
    ).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('is a token with ADMIN_API_TOKEN; anything else is refused', async () => {
    const db = ctx.database.db;
    const bearer = (token: string) =>
      request({ method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await authenticateAdmin(bearer('x'.repeat(40)), db, Date.now())).toMatchObject({ kind: 'token' });
    await expect(authenticateAdmin(bearer('y'.repeat(40)), db, Date.now())).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(authenticateAdmin(request(), db, Date.now())).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });

  it('keeps at least one owner', async () => {
    const db = ctx.database.db;
    for (const owner of (await listOwners(db)).slice(1)) await removeOwner(db, owner.id);
    const [last] = await listOwners(db);
    await expect(removeOwner(db, last.id)).rejects.toMatchObject({ code: 'conflict' });
    expect(await countOwners(db)).toBe(1);
  });
});
