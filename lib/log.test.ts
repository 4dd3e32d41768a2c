import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureEnv } from './env';
import { log } from './log';

// Keys that match none of the log's patterns (an Azure key is 32 hex digits): only knowing the
// configured values lets the log take them out.
const SECRETS = {
  OPENAI_API_KEY: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ADMIN_PASSWORD: 'correct horse battery staple',
  ADMIN_API_TOKEN: 'owner-token-3141592653589793238462643',
  IDENTITY_SECRET: 'identity-secret-27182818284590452353602874',
  DATABASE_URL: 'postgres://parley:db%2Fpass-1618033988@127.0.0.1:5432/parley',
};

function written(run: () => void): string {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines.join('');
}

describe('the log', () => {
  afterEach(() => {
    configureEnv({});
  });

  it('never writes a configured secret, even inside an error message from elsewhere', () => {
    configureEnv(SECRETS);
    const line = written(() =>
      log('error', 'upstream_attempt_failed', {
        detail: `tried ${SECRETS.ADMIN_API_TOKEN} and ${SECRETS.ADMIN_PASSWORD}`,
        err: new Error(
          `Incorrect API key provided: ${SECRETS.OPENAI_API_KEY}; hash with ${SECRETS.IDENTITY_SECRET}`,
          { cause: new Error('connect ECONNREFUSED postgres://parley:db/pass-1618033988@127.0.0.1:5432') },
        ),
      }),
    );
    expect(line).toContain('"event":"upstream_attempt_failed"');
    expect(line).toContain('[redacted]');
    for (const secret of [
      SECRETS.OPENAI_API_KEY,
      SECRETS.ADMIN_PASSWORD,
      SECRETS.ADMIN_API_TOKEN,
      SECRETS.IDENTITY_SECRET,
      'db/pass-1618033988',
    ])
      expect(line).not.toContain(secret);
  });

  it('takes out what looks like a credential when it is not configured here', () => {
    const line = written(() =>
      log('warn', 'something', {
        header: 'Authorization: Bearer abc.def-ghi',
        key: 'sk-proj-abcdefghijklmnop',
        cookie: 'parley_session=xyz123; Path=/',
      }),
    );
    expect(line).not.toMatch(/abc\.def-ghi|sk-proj-abcdefghijklmnop|xyz123/);
  });
});
