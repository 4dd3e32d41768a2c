import { env } from '@/lib/env';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Never let a credential reach the log, even inside an upstream error message.
// Admin API tokens (pat_) and console sessions (ps_) are Parley's own (lib/admin/secrets.ts).
const secretPatterns = [
  /sk-[A-Za-z0-9_-]{8,}/g,
  /Bearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(?:pat|ps)_[A-Za-z0-9_-]{20,}/g,
  /parley_session=[^;\s"]+/g,
];

function redact(text: string): string {
  let out = text;
  for (const secret of configuredSecrets()) {
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of secretPatterns) out = out.replace(pattern, '[redacted]');
  return out;
}

function configuredSecrets(): string[] {
  try {
    const e = env();
    return [
      e.OPENAI_API_KEY,
      e.ADMIN_PASSWORD,
      e.ADMIN_API_TOKEN,
      e.IDENTITY_SECRET,
      databasePassword(e.DATABASE_URL),
    ].filter((v): v is string => Boolean(v));
  } catch {
    return [];
  }
}

/** The password in a postgres:// URL (a driver's connection error may quote the URL). */
function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const e = error as Error & { code?: unknown; status?: unknown };
  // Drizzle puts the SQL and its parameters in the message: keep the statement, drop the values.
  const message = e.message.split('\nparams:')[0];
  const out: Record<string, unknown> = { error: message, name: e.name };
  if (e.code !== undefined) out.code = e.code;
  if (typeof e.status === 'number') out.status = e.status;
  if (e.cause) out.cause = describeError(e.cause);
  return out;
}

function minLevel(): Level {
  try {
    return env().LOG_LEVEL;
  } catch {
    return 'info';
  }
}

/** One JSON line per event on stderr, so operators can grep and ship it. */
export function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (order[level] < order[minLevel()]) return;
  const { err, ...rest } = fields;
  const record = { t: new Date().toISOString(), level, event, ...rest, ...(err ? describeError(err) : {}) };
  process.stderr.write(`${redact(JSON.stringify(record))}\n`);
}
