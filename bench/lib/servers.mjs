// The processes under test: the test upstream, the two reference pass-throughs, and Parley on
// the embedded database and on PostgreSQL. Each runs as its own process, apart from the load
// generator.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { productionBuild } from '../../scripts/build-state.mjs';
import { request } from './load.mjs';
import { freePort, startServer } from './procs.mjs';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const nextRefDir = path.join(root, 'bench', 'next-passthrough');
/**
 * Node.js flags of every server under test: a SIGUSR2 handler that collects garbage and reports
 * memory use (bench/lib/memory-probe.cjs). It changes nothing else in the server.
 */
export const probeArgs = ['--expose-gc', '--require', path.join(root, 'bench', 'lib', 'memory-probe.cjs')];

const baseEnv = () => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
});

const healthy = (url) => async () => (await request({ url })).status === 200;

function newest(target, skip) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (skip.includes(entry)) continue;
    latest = Math.max(latest, newest(path.join(target, entry), skip));
  }
  return latest;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Which build is measured, and whether a source file is newer than it. */
export function buildInfo() {
  const build = productionBuild();
  return { ...build, builtAt: build.builtAt === null ? null : new Date(build.builtAt).toISOString() };
}

/**
 * Builds what is missing or stale: Parley's production build (the same check as the end-to-end
 * tests, scripts/ensure-build.mjs), its loader, and the reference Next.js app.
 */
export function ensureBuilds({ onStep }) {
  const steps = [];
  const parleyBuilt = path.join(root, '.next', 'BUILD_ID');
  const before = existsSync(parleyBuilt) ? statSync(parleyBuilt).mtimeMs : 0;
  onStep('checking the Parley build (scripts/ensure-build.mjs)');
  run(process.execPath, [path.join(root, 'scripts', 'ensure-build.mjs')], root);
  if ((existsSync(parleyBuilt) ? statSync(parleyBuilt).mtimeMs : 0) !== before) steps.push('parley');
  if (!existsSync(path.join(root, 'public', 'embed.js'))) {
    onStep('building public/embed.js');
    run(process.execPath, [path.join(root, 'scripts', 'build-embed.mjs')], root);
    steps.push('embed.js');
  }
  const refBuilt = path.join(nextRefDir, '.next', 'BUILD_ID');
  const refSources = newest(nextRefDir, ['.next', 'node_modules']);
  const nextVersion = newest(path.join(root, 'node_modules', 'next', 'package.json'), []);
  if (!existsSync(refBuilt) || statSync(refBuilt).mtimeMs < Math.max(refSources, nextVersion)) {
    onStep('building the reference Next.js app (bench/next-passthrough)');
    run(
      process.execPath,
      [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
      nextRefDir,
    );
    steps.push('next-passthrough');
  }
  return steps;
}

export async function startUpstream({ ttftMs, gapMs, words }) {
  const port = await freePort();
  const server = await startServer({
    name: 'fake upstream',
    args: [
      path.join(root, 'e2e', 'fake-upstream.mjs'),
      '--port',
      String(port),
      '--ttft-ms',
      String(ttftMs),
      '--gap-ms',
      String(gapMs),
      '--words',
      String(words),
    ],
    env: baseEnv(),
    cwd: root,
    ready: async (out) => out.includes('listening'),
  });
  return { ...server, url: `http://127.0.0.1:${port}/v1` };
}

const upstreamEnv = (upstreamUrl) => ({
  OPENAI_BASE_URL: upstreamUrl,
  OPENAI_API_KEY: 'bench',
  CHAT_MODEL: 'gpt-4o-mini',
});

export async function startNodeReference(upstreamUrl, nodeArgs = probeArgs) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServer({
    name: 'node:http pass-through',
    args: [...nodeArgs, path.join(root, 'bench', 'node-passthrough.mjs')],
    env: { ...baseEnv(), ...upstreamEnv(upstreamUrl), PORT: String(port) },
    cwd: root,
    ready: healthy(`${url}/health`),
  });
  return { ...server, url };
}

export async function startNextReference(upstreamUrl, nodeArgs = probeArgs) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServer({
    name: 'Next.js pass-through',
    args: [...nodeArgs, path.join(nextRefDir, 'server.mjs')],
    env: { ...baseEnv(), ...upstreamEnv(upstreamUrl), PORT: String(port) },
    cwd: nextRefDir,
    ready: healthy(`${url}/health`),
  });
  return { ...server, url };
}

/**
 * Parley's production server (scripts/server.mjs), as `npm start` runs it, with the rate limits
 * turned off through their documented settings (0 = off, docs/operations.md).
 */
export async function startParley({
  upstreamUrl,
  databaseUrl,
  nodeArgs = probeArgs,
  env = {},
  dataDir: given,
}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // A folder of the caller's (an embedded database filled beforehand) is left to the caller.
  const dataDir = given ?? mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  const server = await startServer({
    name: databaseUrl ? 'Parley (PostgreSQL)' : 'Parley (PGlite)',
    args: [...nodeArgs, path.join(root, 'scripts', 'server.mjs')],
    env: {
      ...baseEnv(),
      ...upstreamEnv(upstreamUrl),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      CHAT_FALLBACK_MODELS: '',
      RATE_LIMIT_VISITOR_PER_MINUTE: '0',
      RATE_LIMIT_IP_PER_MINUTE: '0',
      RATE_LIMIT_NEW_VISITORS_PER_IP_PER_HOUR: '0',
      ...env,
    },
    cwd: root,
    ready: healthy(`${url}/api/health`),
  });
  return {
    ...server,
    url,
    async stop() {
      const code = await server.stop();
      if (!given) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * The database a diagnostic runs Parley on: `undefined` for the embedded one, or a database on a
 * throwaway PostgreSQL server (stopped by `stop`).
 */
export async function diagnosticDatabase(kind, name) {
  if (kind !== 'postgres') return { databaseUrl: undefined, stop() {} };
  const { startPostgres } = await import('../../e2e/support/postgres.mjs');
  const pg = await startPostgres();
  return { databaseUrl: await pg.createDatabase(name), stop: () => pg.stop() };
}
