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

/** GET /api/admin/conversations (and its export): the filters, all optional. */
export const conversationQuery = z.object({
  site: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'must be a site id'))),
  from: z.optional(z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' })),
  to: z.optional(z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' })),
  status: z.optional(z.enum(['error', 'stopped', 'interrupted'])),
  feedback: z.optional(z.enum(['up', 'down', 'any'])),
  q: z.optional(z.string().check(z.maxLength(200, 'must be at most 200 characters'))),
  limit: z.optional(
    z
      .pipe(z.string(), z.transform(Number))
      .check(
        z.refine((n) => Number.isInteger(n) && n >= 1 && n <= 200, 'must be a whole number from 1 to 200'),
      ),
  ),
  cursor: z.optional(z.string().check(z.maxLength(200))),
  format: z.optional(z.enum(['jsonl', 'csv'])),
});

export const apiConversationRow = z.object({
  id: z.string(),
  siteId: z.string(),
  title: z.nullable(z.string()),
  locale: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  messages: z.number(),
  errors: z.number(),
  stopped: z.number(),
  interrupted: z.number(),
  up: z.number(),
  down: z.number(),
});
export type ApiConversationRow = z.infer<typeof apiConversationRow>;

export const conversationPage = z.object({
  conversations: z.array(apiConversationRow),
  /** Pass as `cursor` for the next page; null on the last one. */
  next: z.nullable(z.string()),
});

/** GET /api/admin/stats */
export const statsQuery = z.object({
  site: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'must be a site id'))),
  from: z.optional(z.iso.date('must be a date such as 2026-11-01')),
  to: z.optional(z.iso.date('must be a date such as 2026-11-30')),
});
