import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, root } from './support/app';
import { startPostgres } from './support/postgres.mjs';

// What an operator sees when the production server starts: "ready" only once the settings and
// the database have been checked, then one line saying what it runs with, and no secret anywhere.
// A database it cannot open is a clear error and a failed exit, never a "ready" server.

// Each case starts a server of its own (and one PostgreSQL): slow on a busy machine.
test.describe.configure({ timeout: 120_000 });

type Started = {
  child: ChildProcess;
  stdout: () => string;
  output: () => string;
  exit: Promise<number | null>;
};

function startServer(env: Record<string, string>): Started {
  let stdout = '';
  let output = '';
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  child.stdout?.on('data', (d) => {
    stdout += d.toString();
    output += d.toString();
  });
  child.stderr?.on('data', (d) => {
    output += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, output: () => output, exit };
}

async function stop(server: Started) {
  if (server.child.exitCode === null) server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  await server.exit;
  clearTimeout(timer);
}

/** The "ready" line and the line after it, once the server has printed both. */
async function readyLines(server: Started): Promise<string[]> {
  await expect
    .poll(() => server.stdout().match(/^Parley is ready on .*\n.*\n/m)?.[0] ?? server.child.exitCode, {
      timeout: 60_000,
    })
    .toEqual(expect.any(String));
  const lines = server.stdout().split('\n');
  const at = lines.findIndex((line) => line.startsWith('Parley is ready on '));
  return lines.slice(at, at + 2);
}

test('an unreachable database stops the start with a clear message, a failed exit and no "ready"', async () => {
  const port = await freePort();
  const deadPort = await freePort();
  const server = startServer({
    PORT: String(port),
    DATABASE_URL: `postgres://parley:s3cret-pw@127.0.0.1:${deadPort}/parley`,
    OPENAI_API_KEY: 'sk-test-abcdefghijklmnop',
  });
  const code = await Promise.race([
    server.exit,
    new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 45_000)),
  ]);
  await stop(server);
  expect(code, server.output()).not.toBe('running');
  expect(code).not.toBe(0);
  const output = server.output();
  expect(output).toContain(
    `Parley cannot start: the database (PostgreSQL parley@127.0.0.1:${deadPort}/parley) could not be opened: connect ECONNREFUSED 127.0.0.1:${deadPort}`,
  );
  expect(output).toContain('Check DATABASE_URL');
  expect(output).not.toContain('ready');
  expect(output).not.toContain('s3cret-pw');
  expect(output).not.toContain('sk-test-abcdefghijklmnop');
});

test('with the embedded database it says "ready", then the model, the database and the allowed origins', async () => {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-start-'));
  const server = startServer({
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBED_ALLOWED_ORIGINS: 'https://www.example.com,https://example.com',
  });
  try {
    const [ready, summary] = await readyLines(server);
    expect(ready).toBe(`Parley is ready on http://127.0.0.1:${port}`);
    expect(summary).toMatch(/^Model: none, so the chat is unavailable\. Set OPENAI_API_KEY .* CHAT_MODEL/);
    expect(summary).toContain(` · Database: embedded at ${path.join(dataDir, 'pglite')} · `);
    expect(summary).toMatch(
      / · Allowed origins: https:\/\/www\.example\.com, https:\/\/example\.com and this server$/,
    );
    // Without a model, the log says once, before "ready", what to set.
    const before = server.output().slice(0, server.output().indexOf('Parley is ready'));
    expect(before.match(/"event":"upstream_not_configured"/g)).toHaveLength(1);
    expect(before).toContain('"hint":"Set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL (and CHAT_MODEL)');
    // "ready" means ready: the database answers at once.
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('with PostgreSQL it names the server and database, never the password or the API key', async () => {
  const pg = await startPostgres();
  const port = await freePort();
  // The throwaway server trusts local connections: the password is sent and ignored.
  const url = new URL(await pg.createDatabase('parley_start'));
  url.username = 'postgres';
  url.password = 's3cret-pw';
  const server = startServer({
    PORT: String(port),
    DATABASE_URL: url.toString(),
    OPENAI_API_KEY: 'sk-test-abcdefghijklmnop',
    CHAT_MODEL: 'gpt-4o-mini',
  });
  try {
    const [, summary] = await readyLines(server);
    expect(summary).toBe(
      `Model: gpt-4o-mini at OpenAI · Database: PostgreSQL postgres@127.0.0.1:${pg.port}/parley_start · Allowed origins: this server only (add your website with EMBED_ALLOWED_ORIGINS)`,
    );
    expect(server.output()).not.toContain('s3cret-pw');
    expect(server.output()).not.toContain('sk-test-abcdefghijklmnop');
    expect(server.output()).not.toContain('upstream_not_configured');
  } finally {
    await stop(server);
    pg.stop();
  }
});
