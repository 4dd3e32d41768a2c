/**
 * The admin API's shapes (docs/admin-api.md): the console and the route handlers share them. Kept
 * apart from lib/contracts/index.ts so that nothing of the console reaches the visitor's bundles.
 */
import * as z from 'zod/mini';
import { citation } from './index';

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

/** A launcher colour: #rgb or #rrggbb. */
const hexColor = z
  .string()
  .check(z.regex(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i, 'must be a colour such as #4338ca'));
const webOrigin = z.string().check(
  z.maxLength(200),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin such as https://www.example.com (scheme, host and port only)'),
);
const text = (max: number) => z.string().check(z.maxLength(max, `must be at most ${max} characters`));
const count = (max: number) =>
  z.number().check(z.int('must be a whole number'), z.minimum(0), z.maximum(max));

/**
 * A site's settings as owners set them (PATCH: each key optional; null puts the setting back to
 * what the environment gives). What an owner did not set comes from the environment.
 */
export const siteSettingsShape = {
  systemPrompt: text(20_000),
  model: text(200).check(z.minLength(1, 'must not be empty')),
  fallbackModels: z.array(text(200)).check(z.maxLength(5, 'at most 5 fallback models')),
  temperature: z.nullable(z.number().check(z.minimum(0), z.maximum(2))),
  greeting: text(500),
  starters: z.array(text(120).check(z.minLength(1))).check(z.maxLength(4, 'at most 4 starter questions')),
  launcherColor: hexColor,
  launcherPosition: z.enum(['left', 'right']),
  launcherLabel: text(40),
  avatarUrl: z.nullable(
    text(500).check(
      z.refine(
        (v) => /^\/(?!\/)/.test(v) || /^https:\/\//i.test(v),
        'must be an https:// address or a path on this server',
      ),
    ),
  ),
  defaultLocale: z
    .string()
    .check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or pt-BR')),
  allowedOrigins: z.array(webOrigin).check(z.maxLength(50, 'at most 50 origins')),
  rateLimitVisitorPerMinute: count(100_000),
  rateLimitIpPerMinute: count(100_000),
  /** Conversations idle this many days are deleted; null keeps them. */
  retentionDays: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(3650))),
  /** Knowledge (docs/knowledge.md): chunks given to the model per message, and how documents are cut. */
  knowledgeTopK: z.number().check(z.int(), z.minimum(1), z.maximum(20)),
  knowledgeChunkTokens: z.number().check(z.int(), z.minimum(100), z.maximum(2000)),
  knowledgeChunkOverlap: z.number().check(z.int(), z.minimum(0), z.maximum(1000)),
  /** Only visitors the host site signed in may chat (docs/embed.md, signed identity). */
  identityRequired: z.boolean(),
};
export type SiteSettingKey = keyof typeof siteSettingsShape;
export const siteSettingKeys = Object.keys(siteSettingsShape) as SiteSettingKey[];
export const siteSettings = z.object(siteSettingsShape);
export type SiteSettings = z.infer<typeof siteSettings>;

/** POST /api/admin/sites */
export const siteCreate = z.object({
  id: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - and _ (up to 63)')),
  name: text(80).check(z.minLength(1, 'must not be empty')),
  settings: z.optional(z.partial(siteSettings)),
});

/** PATCH /api/admin/sites/{id}: null resets a setting to the environment's value. */
export const siteUpdate = z.object({
  name: z.optional(text(80).check(z.minLength(1, 'must not be empty'))),
  settings: z.optional(
    z.object(
      Object.fromEntries(
        siteSettingKeys.map((key) => [key, z.optional(z.nullable(siteSettingsShape[key]))]),
      ) as {
        [K in SiteSettingKey]: z.ZodMiniOptional<z.ZodMiniNullable<(typeof siteSettingsShape)[K]>>;
      },
    ),
  ),
});

/** Where a site's setting comes from: set by an owner, or the environment's value. */
export type SettingSource = 'console' | 'environment';

/** A site as the admin API returns it: its effective settings and where each (and its name) comes from. */
export type ApiSite = {
  id: string;
  name: string;
  settings: SiteSettings;
  sources: Record<SiteSettingKey | 'name', SettingSource>;
  embedSnippet: string;
  createdAt: string;
  updatedAt: string;
};

// What the console reads back (and parses rather than casts). The routes build these shapes.

/** One identity secret of a site, as its owners see it (never a visitor). */
export const apiIdentitySecret = z.object({
  id: z.string(),
  secret: z.string(),
  createdAt: z.string(),
  /** Null for the current secret; after a rotation, when this one stops working. */
  expiresAt: z.nullable(z.string()),
});
/** GET and POST /api/admin/sites/{id}/identity */
export const identityAnswer = z.object({
  required: z.boolean(),
  /** The `default` site's IDENTITY_SECRET is set (it is not shown: it lives in the environment). */
  environmentSecret: z.boolean(),
  secrets: z.array(apiIdentitySecret),
});
export type IdentityAnswer = z.infer<typeof identityAnswer>;
/** POST /api/admin/sites/{id}/identity: a new secret; the current ones keep working `graceHours`. */
export const identityRotate = z.object({
  graceHours: z.number().check(z.int('must be a whole number'), z.minimum(0), z.maximum(720)),
});

/** GET /api/admin/owners */
export const ownerList = z.object({ owners: z.array(apiOwner) });
/** GET /api/admin/tokens */
export const tokenList = z.object({ tokens: z.array(apiToken) });
/** POST /api/admin/tokens: the secret is in this answer only. */
export const tokenCreated = z.object({ token: apiToken, secret: z.string() });

/**
 * A site as the console reads it. The settings are checked for their types only: what the
 * environment gives need not follow the rules of what an owner may set (a longer prompt, more
 * fallback models), and the console must still show it.
 */
const source = z.enum(['console', 'environment']);
export const apiSiteRead = z.object({
  id: z.string(),
  name: z.string(),
  settings: z.object({
    systemPrompt: z.string(),
    model: z.string(),
    fallbackModels: z.array(z.string()),
    temperature: z.nullable(z.number()),
    greeting: z.string(),
    starters: z.array(z.string()),
    launcherColor: z.string(),
    launcherPosition: z.enum(['left', 'right']),
    launcherLabel: z.string(),
    avatarUrl: z.nullable(z.string()),
    defaultLocale: z.string(),
    allowedOrigins: z.array(z.string()),
    rateLimitVisitorPerMinute: z.number(),
    rateLimitIpPerMinute: z.number(),
    retentionDays: z.nullable(z.number()),
    knowledgeTopK: z.number(),
    knowledgeChunkTokens: z.number(),
    knowledgeChunkOverlap: z.number(),
    identityRequired: z.boolean(),
  }),
  sources: z.record(z.string(), source),
  embedSnippet: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ApiSiteRead = z.infer<typeof apiSiteRead>;
/** GET /api/admin/sites */
export const siteList = z.object({ sites: z.array(apiSiteRead) });
/** GET, PATCH /api/admin/sites/{id} and POST /api/admin/sites */
export const siteAnswer = z.object({ site: apiSiteRead });

/** One message of GET /api/admin/conversations/{id}, with what its answer cost. */
export const apiTranscriptMessage = z.object({
  id: z.string(),
  role: z.string(),
  content: z.string(),
  status: z.string(),
  model: z.nullable(z.string()),
  errorCode: z.nullable(z.string()),
  replyTo: z.optional(z.nullable(z.string())),
  promptTokens: z.nullable(z.number()),
  completionTokens: z.nullable(z.number()),
  ttftMs: z.nullable(z.number()),
  createdAt: z.string(),
  completedAt: z.nullable(z.string()),
  feedback: z.nullable(z.object({ rating: z.enum(['up', 'down']), comment: z.nullable(z.string()) })),
  citations: z.optional(z.nullable(z.array(citation))),
  /** The knowledge the answer was given: each chunk, its rank score, and whether the answer cited it. */
  retrieval: z.optional(
    z.nullable(
      z.object({
        mode: z.enum(['hybrid', 'full_text']),
        chunks: z.array(
          z.object({
            id: z.string(),
            n: z.number(),
            score: z.number(),
            cited: z.boolean(),
            /** Null when the chunk's source has been deleted or re-synced since. */
            source: z.nullable(
              z.object({
                sourceId: z.string(),
                title: z.string(),
                heading: z.string(),
                page: z.nullable(z.number()),
                url: z.nullable(z.string()),
                excerpt: z.string(),
              }),
            ),
          }),
        ),
      }),
    ),
  ),
});
export type ApiTranscriptMessage = z.infer<typeof apiTranscriptMessage>;

export const apiTranscript = z.object({
  conversation: z.object({
    id: z.string(),
    siteId: z.string(),
    visitorId: z.string(),
    /** The host site's user id, name and email of a signed-in visitor (signed identity). */
    userId: z.optional(z.nullable(z.string())),
    userName: z.optional(z.nullable(z.string())),
    userEmail: z.optional(z.nullable(z.string())),
    title: z.nullable(z.string()),
    locale: z.nullable(z.string()),
    createdAt: z.nullable(z.string()),
    updatedAt: z.nullable(z.string()),
  }),
  messages: z.array(apiTranscriptMessage),
});
export type ApiTranscript = z.infer<typeof apiTranscript>;

/** One site's day in GET /api/admin/stats. */
export const apiStatsDay = z.object({
  siteId: z.string(),
  day: z.string(),
  conversations: z.number(),
  messages: z.number(),
  answers: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  ttftP50: z.nullable(z.number()),
  ttftP95: z.nullable(z.number()),
  errors: z.number(),
  stopped: z.number(),
  fallbacks: z.number(),
});
export type ApiStatsDay = z.infer<typeof apiStatsDay>;
export const statsPage = z.object({ from: z.string(), to: z.string(), days: z.array(apiStatsDay) });
