import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { databaseStartError, describeDatabase, startupSummary } from '@/lib/startup-summary';

describe('the start-up summary', () => {
  it('names the model, the embedded database and the allowed origins', () => {
    const e = parseEnv({
      OPENAI_API_KEY: 'sk-secret-key-1234567890',
      CHAT_MODEL: 'gpt-4o-mini',
      CHAT_FALLBACK_MODELS: 'gpt-4.1-mini,gpt-4o',
      DATA_DIR: '/srv/parley/data',
      EMBED_ALLOWED_ORIGINS: 'https://www.example.com,https://example.com',
    });
    expect(startupSummary(e)).toBe(
      'Model: gpt-4o-mini (then gpt-4.1-mini, gpt-4o) at OpenAI · Database: embedded at /srv/parley/data/pglite · Allowed origins: https://www.example.com, https://example.com and this server',
    );
  });

  it('says where a local model runs, and what to set when no origin is allowed', () => {
    const e = parseEnv({
      OPENAI_BASE_URL: 'http://user:pw@127.0.0.1:11434/v1/?token=abc',
      CHAT_MODEL: 'llama3.2',
      DATA_DIR: './.data',
    });
    const line = startupSummary(e);
    expect(line).toContain('Model: llama3.2 at http://127.0.0.1:11434/v1 ·');
    expect(line).toContain(`embedded at ${path.resolve('.data', 'pglite')}`);
    expect(line).toContain('Allowed origins: this server only (add your website with EMBED_ALLOWED_ORIGINS)');
    expect(line).not.toMatch(/pw|token|abc/);
  });

  it('tells the operator what to set when no model is configured', () => {
    const line = startupSummary(parseEnv({}));
    expect(line).toMatch(
      /^Model: none, so the chat is unavailable\. Set OPENAI_API_KEY .*OPENAI_BASE_URL .*CHAT_MODEL/,
    );
    expect(line.split('\n')).toHaveLength(1);
  });

  it('shows PostgreSQL as user@host/db, never with its password', () => {
    const e = parseEnv({ DATABASE_URL: 'postgres://parley:s3cr%3Et@db.internal:5433/chat?sslmode=require' });
    expect(describeDatabase(e)).toBe('PostgreSQL parley@db.internal:5433/chat');
    expect(startupSummary(e)).not.toContain('s3cr');
  });

  it('explains a database that cannot be opened, without the password', () => {
    const e = parseEnv({ DATABASE_URL: 'postgres://parley:s3cr%3Et@127.0.0.1:1/parley' });
    const refused = Object.assign(new AggregateError([new Error('connect ECONNREFUSED 127.0.0.1:1')], ''), {
      code: 'ECONNREFUSED',
    });
    const message = databaseStartError(e, refused);
    expect(message).toBe(
      'Parley cannot start: the database (PostgreSQL parley@127.0.0.1:1/parley) could not be opened: connect ECONNREFUSED 127.0.0.1:1\nCheck DATABASE_URL and that PostgreSQL is running and reachable (unset DATABASE_URL to use the embedded database).',
    );
    expect(databaseStartError(e, new Error('password "s3cr>t" rejected'))).not.toContain('s3cr>t');
  });
});
