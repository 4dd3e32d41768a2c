// `npm run bench` (issue 7): Parley beside the floors it is built on. See docs/performance.md.
//
//   node bench/run.mjs [--quick] [--no-build] [--update-docs]
//
// The load generator runs in this process; every server (test upstream, the two reference
// pass-throughs, Parley on PGlite, Parley on PostgreSQL, PostgreSQL itself) is a child process.
// Traffic goes to 127.0.0.1 only, every phase is bounded in count and time, and a watchdog ends
// the run if it overstays.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepAliveAgent } from './lib/load.mjs';
import { killChildren } from './lib/procs.mjs';
import { note, progress } from './lib/progress.mjs';
import { consoleReport, evaluateBudgets, LEVELS, markdownReport } from './lib/report.mjs';
import {
  aggregate,
  commitBeforeFirstToken,
  conversationLoad,
  makePath,
  memoryPerStream,
  QUESTION,
  runInterleavedSingle,
  runLevel,
} from './lib/scenarios.mjs';
import {
  ensureBuilds,
  root,
  startNextReference,
  startNodeReference,
  startParley,
  startUpstream,
} from './lib/servers.mjs';
import { loaderSize, pageScripts } from './lib/sizes.mjs';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const MODE = quick
  ? {
      name: 'quick',
      warm: 20,
      c1: { total: 60, chunk: 10 },
      totals: { 10: 150, 100: 400, 300: 600 },
      levelMaxMs: 20_000,
      memory: { streams: 300, content: `${QUESTION} [[gap 50]] [[words 60]]` },
      conversation: { messages: 1000, runs: 15, words: 50 },
      watchdogMs: 5 * 60_000,
    }
  : {
      name: 'full',
      warm: 50,
      c1: { total: 400, chunk: 20 },
      totals: { 10: 1000, 100: 3000, 300: 4500 },
      levelMaxMs: 90_000,
      memory: { streams: 300, content: `${QUESTION} [[gap 100]] [[words 60]]` },
      conversation: { messages: 1000, runs: 40, words: 50 },
      watchdogMs: 20 * 60_000,
    };
/** The upstream of the run: first token after ttftMs, then `words` tokens gapMs apart. */
const PROFILE = { ttftMs: 20, gapMs: 10, words: 8 };
const STREAM_MS = PROFILE.ttftMs + PROFILE.words * PROFILE.gapMs;

const started = Date.now();
const cleanups = [];
async function cleanup() {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      note(`cleanup: ${error.message}`);
    }
  }
  cleanups.length = 0;
}
const watchdog = setTimeout(async () => {
  note(`the run took longer than ${MODE.watchdogMs / 60_000} min: stopping`);
  killChildren();
  await cleanup();
  process.exit(2);
}, MODE.watchdogMs);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    note(`${signal}: stopping`);
    killChildren();
    await cleanup();
    process.exit(130);
  });
}

function machine() {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // Not Linux.
  }
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: cpuModel.trim(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

function git() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

async function main() {
  const result = {
    meta: {
      date: new Date().toISOString(),
      mode: MODE.name,
      profile: PROFILE,
      machine: machine(),
      git: git(),
    },
    paths: {},
    embed: null,
    notes: [],
  };

  if (!args.has('--no-build')) {
    const built = ensureBuilds({ onStep: (step) => progress(step, { force: true }) });
    if (built.length) note(`built: ${built.join(', ')}`);
  }

  progress('starting the upstream, PostgreSQL and the servers', { force: true });
  const upstream = await startUpstream(PROFILE);
  cleanups.push(() => upstream.stop());
  let postgres = null;
  try {
    const { startPostgres } = await import('../e2e/support/postgres.mjs');
    postgres = await startPostgres();
    cleanups.push(() => postgres.stop());
  } catch (error) {
    const message = `PostgreSQL could not be started, so Parley on PostgreSQL is not measured: ${error.message.split('\n')[0]}`;
    note(message);
    result.notes.push(message);
  }
  const databaseUrl = postgres ? await postgres.createDatabase('parley_bench') : null;
  const postmasterPid = postgres
    ? Number(readFileSync(path.join(postgres.data, 'postmaster.pid'), 'utf8').split('\n')[0])
    : null;
  const [nodeRef, nextRef, parleyLite, parleyPg] = await Promise.all([
    startNodeReference(upstream.url),
    startNextReference(upstream.url),
    startParley({ upstreamUrl: upstream.url }),
    databaseUrl ? startParley({ upstreamUrl: upstream.url, databaseUrl }) : null,
  ]);
  for (const server of [nodeRef, nextRef, parleyLite, parleyPg])
    if (server) cleanups.push(() => server.stop());

  const agent = keepAliveAgent();
  const paths = [
    makePath({
      id: 'upstream',
      label: 'upstream alone',
      kind: 'openai',
      url: upstream.url,
      agent,
      server: null,
    }),
    makePath({
      id: 'node',
      label: 'node:http + SDK',
      kind: 'reference',
      url: nodeRef.url,
      agent,
      server: nodeRef,
    }),
    makePath({
      id: 'next',
      label: 'Next.js route + SDK',
      kind: 'reference',
      url: nextRef.url,
      agent,
      server: nextRef,
    }),
    makePath({
      id: 'parley-pglite',
      label: 'Parley, PGlite',
      kind: 'parley',
      url: parleyLite.url,
      agent,
      server: parleyLite,
    }),
  ];
  if (parleyPg) {
    paths.push(
      makePath({
        id: 'parley-postgres',
        label: 'Parley, PostgreSQL',
        kind: 'parley',
        url: parleyPg.url,
        agent,
        server: parleyPg,
        dbPid: postmasterPid,
      }),
    );
  }
  for (const p of paths) result.paths[p.id] = { label: p.label, levels: {} };

  // Warm-up: loads every route module, fills connection pools and lets V8 optimise.
  for (const p of paths) {
    progress(`warming up ${p.label}`, { force: true });
    const warm = await runLevel(p, {
      concurrency: 10,
      total: MODE.warm * 2,
      maxMs: 30_000,
      staggerMs: STREAM_MS,
    });
    const failed = warm.results.filter((r) => !r.ok);
    if (failed.length) throw new Error(`${p.label} fails while warming up: ${failed[0].error}`);
    await runLevel(p, { concurrency: 1, total: MODE.warm, maxMs: 30_000 });
  }

  for (const p of paths.filter((x) => x.kind === 'parley')) {
    progress(`checking that ${p.label} stores the visitor's message before the first token`, { force: true });
    result.paths[p.id].commitBeforeFirstToken = await commitBeforeFirstToken(p);
  }

  for (const p of paths.filter((x) => x.server)) {
    const memory = await memoryPerStream(p, {
      ...MODE.memory,
      onProgress: (open, done) => progress(`memory, ${p.label}: ${open} streams open, ${done} done`),
    });
    result.paths[p.id].memory = memory;
    note(`memory, ${p.label}: ${memory.perStreamKb} KB per open stream (${memory.peakOpen} open)`);
  }

  const single = await runInterleavedSingle(paths, {
    ...MODE.c1,
    maxMs: MODE.levelMaxMs * 3,
    onProgress: (p, done) => progress(`1 stream, interleaved: ${p.label} ${done}/${MODE.c1.total}`),
  });
  for (const [id, level] of single) result.paths[id].levels[1] = level;
  note(`1 stream: ${paths.map((p) => `${p.label} ${single.get(p.id).ttft.p50} ms`).join(', ')}`);

  for (const c of LEVELS.filter((x) => x > 1)) {
    for (const p of paths) {
      const total = MODE.totals[c];
      const run = await runLevel(p, {
        concurrency: c,
        total,
        maxMs: MODE.levelMaxMs,
        staggerMs: STREAM_MS,
        onProgress: (done, errors) =>
          progress(`${c} streams, ${p.label}: ${done}/${total}${errors ? `, ${errors} errors` : ''}`),
      });
      const level = aggregate(run.results, run.elapsedMs, run.before, run.after);
      result.paths[p.id].levels[c] = level;
      note(
        `${c} streams, ${p.label}: TTFT p50 ${level.ttft.p50} p95 ${level.ttft.p95} ms, ${level.repliesPerSecond} replies/s, ${level.errors} errors`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  for (const p of paths.filter((x) => x.kind === 'parley')) {
    result.paths[p.id].conversation = await conversationLoad(p, {
      ...MODE.conversation,
      onProgress: (step) => progress(`conversation of 1,000 messages, ${p.label}: ${step}`),
    });
    note(`conversation, ${p.label}: p50 ${result.paths[p.id].conversation.p50} ms`);
  }

  progress('sizes of embed.js and of the embed page', { force: true });
  result.embed = {
    loader: await loaderSize(parleyLite.url),
    page: await pageScripts(parleyLite.url, '/embed/default'),
    hostedPage: await pageScripts(parleyLite.url, '/'),
  };

  await cleanup();
  result.meta.durationMs = Date.now() - started;
  const budgets = evaluateBudgets(result);
  result.budgets = budgets;

  const resultsDir = path.join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = result.meta.date.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(path.join(resultsDir, `${stamp}-${MODE.name}.json`), json);
  const markdown = markdownReport(result, budgets);
  writeFileSync(path.join(resultsDir, `latest-${MODE.name}.md`), `${markdown}\n`);
  if (MODE.name === 'full') writeFileSync(path.join(resultsDir, 'latest.json'), json);
  if (args.has('--update-docs')) updateDocs(markdown);

  note(
    `done in ${Math.round(result.meta.durationMs / 1000)} s; results in bench/results/${stamp}-${MODE.name}.json`,
  );
  process.stdout.write(consoleReport(result, budgets));
  const missed = budgets.filter((b) => !b.ok);
  if (missed.length) {
    process.stdout.write(
      `${missed.length} budget(s) missed:\n${missed.map((b) => `  - ${b.text}`).join('\n')}\n`,
    );
  }
  return missed.length ? 1 : 0;
}

/** Replaces the results section of docs/performance.md with this run's tables. */
function updateDocs(markdown) {
  const file = path.join(root, 'docs', 'performance.md');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a === -1 || b === -1) {
    note(`docs/performance.md has no ${start} … ${end} section: not updated`);
    return;
  }
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${markdown}\n${text.slice(b)}`);
  note('docs/performance.md updated');
}

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exit(code);
  },
  async (error) => {
    note(`the benchmark failed: ${error.stack ?? error}`);
    killChildren();
    await cleanup();
    process.exit(2);
  },
);
