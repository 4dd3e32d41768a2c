import ipaddr from 'ipaddr.js';
import { z } from 'zod';

function isCidr(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const int = (fallback: number, min = 0) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .default(fallback);

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || v.length <= max, { message: `must be at most ${max} characters` });

const origin = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value);
    if (url.origin === 'null') throw new Error('opaque');
    return url.origin;
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an origin like https://www.example.com` });
    return z.NEVER;
  }
});

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: int(3000, 1),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with postgres:// or postgresql:// (leave it unset for the embedded database)',
    }),
  DATA_DIR: z.string().default('./.data'),
  OPENAI_API_KEY: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  OPENAI_BASE_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || URL.canParse(v), {
      message: 'must be a URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1',
    }),
  CHAT_MODEL: z.string().min(1).default('gpt-4o-mini'),
  CHAT_FALLBACK_MODELS: csv,
  CHAT_SYSTEM_PROMPT: z.string().default('You are a helpful, concise assistant on this website.'),
  CHAT_MAX_INPUT_CHARS: int(4000, 1),
  CHAT_MAX_HISTORY_TOKENS: int(6000, 100),
  CHAT_MAX_OUTPUT_TOKENS: int(0),
  CHAT_FIRST_TOKEN_TIMEOUT_MS: int(15000, 100),
  CHAT_STREAM_IDLE_TIMEOUT_MS: int(60000, 100),
  EMBED_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const items = (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const out: string[] = [];
      for (const item of items) {
        const parsed = origin.safeParse(item);
        if (!parsed.success) {
          ctx.addIssue({
            code: 'custom',
            message: `"${item}" is not an origin like https://www.example.com`,
          });
          return z.NEVER;
        }
        out.push(parsed.data);
      }
      return out;
    }),
  // What the visitor sees until the console (issue 13) keeps these per site.
  CHAT_TITLE: optionalText(80),
  CHAT_AVATAR_URL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || /^\/(?!\/)/.test(v) || (/^https?:\/\//i.test(v) && URL.canParse(v)), {
      message: 'must be an https:// address or a path on this server, such as /logo.png',
    }),
  CHAT_GREETING: optionalText(300),
  CHAT_STARTERS: z
    .string()
    .optional()
    .transform((value) =>
      value === undefined
        ? undefined
        : value
            .split('|')
            .map((item) => item.trim())
            .filter(Boolean)
            .slice(0, 4),
    )
    .refine((items) => !items?.some((item) => item.length > 120), {
      message: 'each question (separated by |) must be at most 120 characters',
    }),
  DEFAULT_LOCALE: z.string().default('en'),
  TRUST_PROXY: bool,
  // The address visitors and owners reach Parley at (https://chat.example.com). Set in production:
  // the Origin check and the console's cookies then trust it, not the request's Host header.
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine(
      (v) => {
        if (v === undefined) return true;
        try {
          const url = new URL(v);
          return (
            (url.protocol === 'https:' || url.protocol === 'http:') &&
            (url.pathname === '/' || url.pathname === '')
          );
        } catch {
          return false;
        }
      },
      { message: 'must be an origin such as https://chat.example.com (scheme, host and port, no path)' },
    )
    .transform((v) => (v ? new URL(v).origin : undefined)),
  RATE_LIMIT_VISITOR_PER_MINUTE: int(20),
  RATE_LIMIT_IP_PER_MINUTE: int(60),
  RATE_LIMIT_NEW_VISITORS_PER_IP_PER_HOUR: int(60),
  SHUTDOWN_GRACE_MS: int(10000),
  // The console (issue 13): the first owner, and a token for automation.
  ADMIN_EMAIL: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || undefined)
    .refine((v) => v === undefined || /^[^\s@]+@[^\s@]+$/.test(v), { message: 'must be an email address' }),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 12, { message: 'must be at least 12 characters' }),
  ADMIN_API_TOKEN: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 32, { message: 'must be at least 32 characters' }),
  // Signed visitor identity for the `default` site (docs/embed.md); other sites set theirs in the console.
  IDENTITY_SECRET: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 32, { message: 'must be at least 32 characters' }),
  IDENTITY_REQUIRED: bool,
  // Knowledge (docs/knowledge.md): the embeddings model on the same OpenAI-compatible server.
  // Unset: retrieval is full-text only.
  EMBEDDING_MODEL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  // Networks that outbound requests (knowledge URLs) may reach although they are private or
  // loopback: comma-separated CIDRs such as 10.0.0.0/8 or 127.0.0.0/8.
  OUTBOUND_ALLOWED_NETWORKS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const items = (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of items) {
        if (!isCidr(item)) {
          ctx.addIssue({ code: 'custom', message: `"${item}" is not a network like 10.0.0.0/8 or fd00::/8` });
          return z.NEVER;
        }
      }
      return items;
    }),
  KNOWLEDGE_MAX_FILE_MB: int(20, 1),
  KNOWLEDGE_MAX_PAGES: int(500, 1),
  KNOWLEDGE_SYNC_HOURS: int(24, 0),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses an environment, with one line per problem that a person can act on. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new EnvError(
    `Parley cannot start: fix these environment variables (see .env.example):\n${lines.join('\n')}`,
  );
}

const KEY = Symbol.for('parley.env');
type Holder = { [KEY]?: Env };

/** The environment, parsed once per process. Nothing else reads process.env. */
export function env(): Env {
  const holder = globalThis as Holder;
  holder[KEY] ??= parseEnv(process.env);
  return holder[KEY];
}

export function upstreamConfigured(e: Env = env()): boolean {
  return Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
}

/** Parses and installs an environment for this process (tests and tools that run the app's code). */
export function configureEnv(source: Record<string, string | undefined>): Env {
  const parsed = parseEnv(source);
  (globalThis as Holder)[KEY] = parsed;
  return parsed;
}
