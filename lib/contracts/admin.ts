/**
 * The admin API's shapes (docs/admin-api.md): the console and the route handlers share them. Kept
 * apart from lib/contracts/index.ts so that nothing of the console reaches the visitor's bundles.
 */
import * as z from 'zod/mini';

const email = z.pipe(
  z.string('must be an email address'),
  z.pipe(
    z.transform((value: string) => value.trim().toLowerCase()),
    z
      .string()
      .check(
        z.maxLength(254, 'must be an email address'),
        z.regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
      ),
  ),
);
const password = z
  .string('must be a string')
  .check(z.minLength(1, 'must not be empty'), z.maxLength(1024, 'is too long'));

/** POST /api/admin/setup */
export const setupRequest = z.object({
  code: z.string('must be the setup code from the server log').check(z.minLength(1), z.maxLength(64)),
  email,
  password,
});

/** POST /api/admin/session (log in) */
export const loginRequest = z.object({ email, password });

/** POST /api/admin/owners */
export const ownerCreate = z.object({ email, password });

/** POST /api/admin/tokens */
export const tokenCreate = z.object({
  name: z.pipe(
    z.string('must be a name'),
    z.pipe(
      z.transform((value: string) => value.trim()),
      z
        .string()
        .check(z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters')),
    ),
  ),
});

export const apiOwner = z.object({ id: z.string(), email: z.string(), createdAt: z.string() });
export type ApiOwner = z.infer<typeof apiOwner>;

/** GET /api/admin/session, and what logging in returns. */
export const sessionInfo = z.object({
  owner: z.nullable(apiOwner),
  /** What every change made with this session sends in `X-CSRF-Token`; null for a token. */
  csrfToken: z.nullable(z.string()),
  via: z.enum(['session', 'token']),
});

export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
});
export type ApiToken = z.infer<typeof apiToken>;
