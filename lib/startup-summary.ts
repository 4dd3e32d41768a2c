import path from 'node:path';
import { type Env, upstreamConfigured } from '@/lib/env';

/** What an operator needs to let the assistant answer; said once at start when nothing is set. */
export const MODEL_HINT =
  'Set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL (and CHAT_MODEL) for another OpenAI-compatible server such as Ollama or vLLM, then restart.';

/** The database in words, without its password: `embedded at <dir>` or `PostgreSQL user@host:port/db`. */
export function describeDatabase(e: Env): string {
  if (!e.DATABASE_URL) return `embedded at ${path.resolve(e.DATA_DIR, 'pglite')}`;
  try {
    const url = new URL(e.DATABASE_URL);
    const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
    return `PostgreSQL ${user}${decodeURIComponent(url.host)}${url.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** A URL without credentials, query or fragment: what is safe to print of OPENAI_BASE_URL. */
function bareUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname}`.replace(/\/$/, '');
  } catch {
    return '(OPENAI_BASE_URL)';
  }
}

/** The model chain and where it is called, or what to set when there is none. */
function describeModel(e: Env): string {
  if (!upstreamConfigured(e)) return `none, so the chat is unavailable. ${MODEL_HINT}`;
  const fallbacks = e.CHAT_FALLBACK_MODELS.length ? ` (then ${e.CHAT_FALLBACK_MODELS.join(', ')})` : '';
  const where = e.OPENAI_BASE_URL ? bareUrl(e.OPENAI_BASE_URL) : 'OpenAI';
  return `${e.CHAT_MODEL}${fallbacks} at ${where}`;
}

/**
 * The one line printed after "ready": the model, the database and the origins that may embed
 * the default site. No secret goes into it (no API key, no database password).
 */
export function startupSummary(e: Env): string {
  const origins = e.EMBED_ALLOWED_ORIGINS.length
    ? `${e.EMBED_ALLOWED_ORIGINS.join(', ')} and this server`
    : 'this server only (add your website with EMBED_ALLOWED_ORIGINS)';
  return `Model: ${describeModel(e)} · Database: ${describeDatabase(e)} · Allowed origins: ${origins}`;
}

/** A start-up failure of the database, said so that a person can act on it, without the password. */
export function databaseStartError(e: Env, error: unknown): string {
  let cause = reason(error);
  if (e.DATABASE_URL) {
    try {
      const password = decodeURIComponent(new URL(e.DATABASE_URL).password);
      if (password) cause = cause.split(password).join('[redacted]');
    } catch {}
  }
  const fix = e.DATABASE_URL
    ? 'Check DATABASE_URL and that PostgreSQL is running and reachable (unset DATABASE_URL to use the embedded database).'
    : `Check that DATA_DIR (${path.resolve(e.DATA_DIR)}) is writable and that no other Parley process uses it.`;
  return `Parley cannot start: the database (${describeDatabase(e)}) could not be opened: ${cause}\n${fix}`;
}

/** An error's message; a connection refused on every address (an AggregateError) has none of its own. */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: string; errors?: unknown[] };
  if (e.message) return e.message;
  const inner = e.errors?.find((item): item is Error => item instanceof Error && Boolean(item.message));
  return inner?.message ?? e.code ?? e.name;
}
