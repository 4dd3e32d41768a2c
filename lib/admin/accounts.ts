import type { Db } from '@/db/client';
import {
  addSetupCode,
  clearSetupCodes,
  countOwners,
  createFirstOwner,
  createOwner,
  createSession,
  deleteOwner,
  deleteOwnerSessions,
  deleteSession,
  findOwnerByEmail,
  type PublicOwner,
  setupCodeValid,
  upsertOwner,
} from '@/db/queries/owners';
import { hitRateLimits } from '@/db/queries/rate-limits';
import type { Env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { hashPassword, normalizeSetupCode, randomToken, setupCode, sha256, verifyPassword } from './secrets';

/** A console session lasts this long without use, and never longer than SESSION_MAX_MS. */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60_000;
const SETUP_CODE_TTL_MS = 24 * 60 * 60_000;
/** Login attempts, counted whatever their outcome, per account and per address. */
const LOGIN_LIMITS = { perAccount: 10, perIp: 30, windowMs: 15 * 60_000 };

export const MIN_PASSWORD = 12;

/**
 * The first owner at start. With ADMIN_EMAIL and ADMIN_PASSWORD, that account exists with that
 * password. Without them and with no owner yet, a one-time setup code is stored (hashed) and
 * returned for the log, so that a freshly exposed instance cannot be taken by whoever finds it first.
 */
export async function ensureFirstOwner(db: Db, e: Env, now: number): Promise<{ setupCode?: string }> {
  if (Boolean(e.ADMIN_EMAIL) !== Boolean(e.ADMIN_PASSWORD)) {
    throw new Error('Set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither (see .env.example).');
  }
  if (e.ADMIN_EMAIL && e.ADMIN_PASSWORD) {
    const existing = await findOwnerByEmail(db, e.ADMIN_EMAIL);
    // The password is hashed again only when it changed: argon2 is slow on purpose.
    if (!existing || !(await verifyPassword(existing.passwordHash, e.ADMIN_PASSWORD))) {
      const owner = await upsertOwner(db, {
        email: e.ADMIN_EMAIL,
        passwordHash: await hashPassword(e.ADMIN_PASSWORD),
      });
      if (existing) await deleteOwnerSessions(db, owner.id);
    }
    return {};
  }
  if ((await countOwners(db)) > 0) return {};
  const code = setupCode();
  await addSetupCode(db, sha256(normalizeSetupCode(code)), new Date(now + SETUP_CODE_TTL_MS));
  return { setupCode: code };
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) {
    throw new ParleyError('invalid_request', `The password must be at least ${MIN_PASSWORD} characters.`, {
      details: { field: 'password', minLength: MIN_PASSWORD },
    });
  }
}

export type NewSession = { token: string; csrfToken: string; expiresAt: Date; owner: PublicOwner };

async function openSession(db: Db, owner: PublicOwner, now: number): Promise<NewSession> {
  const token = randomToken('ps_');
  const csrfToken = randomToken('', 24);
  const expiresAt = new Date(now + SESSION_IDLE_MS);
  await createSession(db, { tokenHash: sha256(token), ownerId: owner.id, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt, owner };
}

/** The first owner, with a setup code printed at start; they are logged in at once. */
export async function setUp(
  db: Db,
  input: { code: string; email: string; password: string },
  now: number,
): Promise<NewSession> {
  checkPassword(input.password);
  if (!(await setupCodeValid(db, sha256(normalizeSetupCode(input.code)), new Date(now)))) {
    throw new ParleyError(
      'forbidden',
      'The setup code is wrong or has expired: use the one in the server log.',
    );
  }
  const owner = await createFirstOwner(db, {
    email: input.email,
    passwordHash: await hashPassword(input.password),
  });
  if (!owner) throw new ParleyError('conflict', 'An owner exists already: log in.');
  await clearSetupCodes(db);
  return openSession(db, owner, now);
}

/** Email and password to a session; every attempt counts against the account and the address. */
export async function logIn(
  db: Db,
  input: { email: string; password: string; ip: string | null },
  now: number,
): Promise<NewSession> {
  const verdict = await hitRateLimits(
    db,
    [
      {
        key: `login:account:${input.email}`,
        limit: LOGIN_LIMITS.perAccount,
        windowMs: LOGIN_LIMITS.windowMs,
      },
      ...(input.ip
        ? [{ key: `login:ip:${input.ip}`, limit: LOGIN_LIMITS.perIp, windowMs: LOGIN_LIMITS.windowMs }]
        : []),
    ],
    now,
  );
  if (!verdict.ok) {
    throw new ParleyError('rate_limited', 'Too many login attempts. Try again later.', {
      details: { retryAfterSeconds: verdict.retryAfterSeconds },
      headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
    });
  }
  const owner = await findOwnerByEmail(db, input.email);
  if (!(await verifyPassword(owner?.passwordHash, input.password)) || !owner) {
    throw new ParleyError('invalid_credentials');
  }
  return openSession(db, { id: owner.id, email: owner.email, createdAt: owner.createdAt }, now);
}

export async function logOut(db: Db, sessionToken: string): Promise<void> {
  await deleteSession(db, sha256(sessionToken));
}

export async function addOwner(db: Db, input: { email: string; password: string }): Promise<PublicOwner> {
  checkPassword(input.password);
  const owner = await createOwner(db, {
    email: input.email,
    passwordHash: await hashPassword(input.password),
  });
  if (!owner) throw new ParleyError('conflict', 'An owner with this email exists already.');
  return owner;
}

export async function removeOwner(db: Db, id: string): Promise<void> {
  const result = await deleteOwner(db, id);
  if (result === 'not_found') throw new ParleyError('not_found', 'No such owner.');
  if (result === 'last') throw new ParleyError('conflict', 'The last owner cannot be removed.');
}
