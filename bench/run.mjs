// `npm run bench` (issue 7): Parley beside the floors it is built on. See docs/performance.md.
//
//   node bench/run.mjs [--quick] [--no-build] [--update-docs] [--wait-quiet[=seconds]]
//                      [--ttft-ms=20] [--gap-ms=20] [--words=50]
//
// The load generator runs in this process; every server (test upstream, the two reference
// pass-throughs, Parley on PGlite, Parley on PostgreSQL, PostgreSQL itself) is a child process.
// Traffic goes to 127.0.0.1 only, every phase is bounded in count and time, and a watchdog ends
// the run if it overstays.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fillConsole, measureConsole, measureExport } from './lib/console.mjs';
import { updateDocs } from './lib/docs.mjs';
import { measureKnowledge } from './lib/knowledge.mjs';
import { keepAliveAgent } from './lib/load.mjs';
import { foreignLoadMeter, killChildren, machineBusyMs, treeRssKb } from './lib/procs.mjs';
import { note, progress } from './lib/progress.mjs';
import { consoleReport, evaluateBudgets, LEVELS, markdownReport } from './lib/report.mjs';
import {
  aggregate,
  commitBeforeFirstToken,
  makePath,
  memoryRounds,
  QUESTION,
  readConversation,
  runInterleavedSingle,
  runLevel,
  seedConversation,
} from './lib/scenarios.mjs';
import {
  buildInfo,
  ensureBuilds,
  root,
  startNextReference,
  startNodeReference,
  startParley,
  startUpstream,
} from './lib/servers.mjs';
import { loaderSize, pageScripts } from './lib/sizes.mjs';

const argv = process.argv.slice(2);
const args = new Set(argv);
const option = (name, fallback) => {
  const found = argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const quick = args.has('--quick');

/**
 * The upstream of the run: a model that sends its first token after `ttftMs`, then `words`
 * tokens `gapMs` apart (50 tokens a second: an answer streams for about a second). At one
 * stream only the first token matters, so answers there are `singleWords` long, to take more
 * samples in the same time.
 */
const PROFILE = {
  ttftMs: option('ttft-ms', 20),
  gapMs: option('gap-ms', 20),
  words: option('words', 50),
  singleWords: 4,
};
const STREAM_MS = PROFILE.ttftMs + PROFILE.words * PROFILE.gapMs;
const SINGLE_CONTENT = `${QUESTION} [[words ${PROFILE.singleWords}]]`;

const MODE = quick
  ? {
      name: 'quick',
      warm: 5,
      c1: { total: 24, chunk: 8 },
      totals: { 10: 20, 100: 100, 300: 300 },
      // No untimed round before 300 streams: its figures include opening the connections.
      warmRoundAbove: 10,
      warmRoundUpTo: 100,
      levelMaxMs: 20_000,
      memory: { paths: ['next', 'parley-pglite', 'parley-postgres'], streams: 300, words: 40, rounds: 1 },
      conversation: { messages: 1000, runs: 15, words: 50 },
      // The console's budget is about a million messages; a quick run checks the path at 100,000.
      console: { messages: 100_000, runs: 10 },
      watchdogMs: 10 * 60_000,
    }
  : {
      name: 'full',
      warm: 40,
      c1: { total: 300, chunk: 20 },
      totals: { 10: 300, 100: 1000, 300: 1500 },
      warmRoundAbove: 10,
      warmRoundUpTo: 300,
      levelMaxMs: 120_000,
      memory: {
        paths: ['node', 'next', 'parley-pglite', 'parley-postgres'],
        streams: 300,
        words: 80,
        rounds: 3,
      },
      conversation: { messages: 1000, runs: 200, words: 50 },
      console: { messages: 1_000_000, runs: 40 },
      // The knowledge phase fills 100,000 chunks into each database (about 10 minutes).
      watchdogMs: 45 * 60_000,
    };

/** The admin API token of the benchmark's Parley on PostgreSQL (the console's queries). */
const CONSOLE_TOKEN = randomBytes(24).toString('base64url');

let started = Date.now();
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
let watchdog = null;
/** Ends the run if it overstays (armed after any wait for a quiet machine). */
function armWatchdog() {
  watchdog = setTimeout(async () => {
    note(`the run took longer than ${MODE.watchdogMs / 60_000} min: stopping`);
    killChildren();
    await cleanup();
    process.exit(2);
  }, MODE.watchdogMs);
}
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
      phasesMs: {},
    },
    paths: {},
    embed: null,
    notes: [],
  };

  let mark = Date.now();
  let meter = null;
  result.meta.foreignCpu = {};
  const phase = (name) => {
    result.meta.phasesMs[name] = Date.now() - mark;
    mark = Date.now();
    const share = meter?.take();
    if (share === null || share === undefined) return;
    result.meta.foreignCpu[name] = share;
    if (share > 0.1) {
      note(
        `warning: other processes used ${Math.round(share * 100)}% of the machine during "${name}": its figures are disturbed`,
      );
    }
  };
  const waitArg = argv.find((a) => a.startsWith('--wait-quiet'));
  if (waitArg) {
    await waitQuiet(Number(waitArg.split('=')[1] ?? 300) * 1000);
    result.meta.waitedMs = Date.now() - started;
    started = Date.now();
    mark = started;
  }
  armWatchdog();
  if (!args.has('--no-build')) {
    const built = ensureBuilds({ onStep: (step) => progress(step, { force: true }) });
    if (built.length) note(`built: ${built.join(', ')}`);
  }
  phase('build');
  result.meta.build = buildInfo();
  if (result.meta.build.stale) note('warning: the source is newer than the production build being measured');

  progress('starting the upstream, PostgreSQL and the servers', { force: true });
  const upstream = await startUpstream(PROFILE);
  cleanups.push(() => upstream.stop());
  let postgres = null;
  let postgresUrl = null;
  const postgresStarting = import('../e2e/support/postgres.mjs')
    .then(({ startPostgres }) => startPostgres())
    .then((pg) => {
      postgres = pg;
      cleanups.push(() => pg.stop());
      return pg.createDatabase('parley_bench');
    })
    .then((url) => {
      postgresUrl = url;
      return url;
    })
    .catch((error) => {
      const message = `PostgreSQL could not be started, so Parley on PostgreSQL is not measured: ${error.message.split('\n')[0]}`;
      note(message);
      result.notes.push(message);
      return null;
    });
  const [nodeRef, nextRef, parleyLite, parleyPg] = await Promise.all([
    startNodeReference(upstream.url),
    startNextReference(upstream.url),
    startParley({ upstreamUrl: upstream.url }),
    postgresStarting.then((databaseUrl) =>
      databaseUrl
        ? startParley({ upstreamUrl: upstream.url, databaseUrl, env: { ADMIN_API_TOKEN: CONSOLE_TOKEN } })
        : null,
    ),
  ]);
  for (const server of [nodeRef, nextRef, parleyLite, parleyPg]) {
    if (server) cleanups.push(() => server.stop());
  }
  // Idle memory right after start, on the embedded database: every process Parley started (the
  // server; PGlite runs on a thread of it, and the process that created the database has exited).
  await new Promise((resolve) => setTimeout(resolve, 2000));
  result.idleMemory = {
    pgliteKb: treeRssKb(parleyLite.pid),
    postgresKb: parleyPg ? treeRssKb(parleyPg.pid) : null,
  };
  note(`idle memory right after start: PGlite ${Math.round(result.idleMemory.pgliteKb / 1024)} MB`);
  const postmasterPid = postgres
    ? Number(readFileSync(path.join(postgres.data, 'postmaster.pid'), 'utf8').split('\n')[0])
    : null;

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
  const parleys = paths.filter((x) => x.kind === 'parley');
  const servers = [upstream, nodeRef, nextRef, parleyLite, parleyPg].filter(Boolean);
  phase('start');
  meter = foreignLoadMeter(() => [...servers.map((s) => s.pid), ...(postmasterPid ? [postmasterPid] : [])]);

  // Warm-up: loads every route module, fills connection pools and lets V8 optimise.
  for (const p of paths) {
    progress(`warming up ${p.label}`, { force: true });
    const warm = await runLevel(p, {
      concurrency: 10,
      total: Math.max(10, MODE.warm * 2),
      maxMs: 30_000,
      staggerMs: 100,
      content: SINGLE_CONTENT,
    });
    const failed = warm.results.filter((r) => !r.ok);
    if (failed.length) throw new Error(`${p.label} fails while warming up: ${failed[0].error}`);
    await runLevel(p, { concurrency: 1, total: MODE.warm, maxMs: 30_000, content: SINGLE_CONTENT });
  }
  for (const p of parleys) {
    progress(`checking that ${p.label} stores the visitor's message before the first token`, { force: true });
    result.paths[p.id].commitBeforeFirstToken = await commitBeforeFirstToken(p);
  }
  phase('warm-up');

  // Memory first, on servers that have only been warmed up.
  for (const p of paths.filter((x) => MODE.memory.paths.includes(x.id))) {
    // Slow answers (a token every 100 ms) hold the streams open while memory is sampled. The
    // full run first serves the same streams once, untimed, so that what grows once is in the
    // idle figure; the quick run warms up with short answers only.
    const slow = `${QUESTION} [[gap 100]] [[words ${MODE.memory.words}]]`;
    const memory = await memoryRounds(
      p,
      {
        streams: MODE.memory.streams,
        content: slow,
        warmContent: quick ? SINGLE_CONTENT : slow,
        onProgress: (open, done) => progress(`memory, ${p.label}: ${open} streams open, ${done} done`),
      },
      MODE.memory.rounds,
    );
    result.paths[p.id].memory = memory;
    note(
      `memory, ${p.label}: ${memory.perStreamKb} KB per open stream after GC, JS heap ${memory.heapPerStreamKb} KB (the middle of ${memory.rounds.map((r) => `${r.perStreamKb}/${r.heapPerStreamKb}`).join(', ')}; ${memory.held} open)`,
    );
  }
  phase('memory');

  const single = await runInterleavedSingle(paths, {
    ...MODE.c1,
    content: SINGLE_CONTENT,
    maxMs: MODE.levelMaxMs * 3,
    onProgress: (p, done) => progress(`1 stream, interleaved: ${p.label} ${done}/${MODE.c1.total}`),
  });
  for (const [id, level] of single) result.paths[id].levels[1] = level;
  note(`1 stream: ${paths.map((p) => `${p.label} ${single.get(p.id).ttft.p50} ms`).join(', ')}`);
  phase('1 stream');

  for (const c of LEVELS.filter((x) => x > 1)) {
    for (const p of paths) {
      const total = MODE.totals[c];
      // One untimed round first, so that the connections of this concurrency are open (the
      // warm-up phase ran at 10 streams already).
      if (c > MODE.warmRoundAbove && c <= MODE.warmRoundUpTo) {
        progress(`${c} streams, ${p.label}: warming up`);
        await runLevel(p, { concurrency: c, total: c, maxMs: MODE.levelMaxMs, staggerMs: STREAM_MS });
      }
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
    }
    phase(`${c} streams`);
  }

  // Both conversations are written at once (setup, not timed), then read one after the other.
  const seeded = await Promise.all(
    parleys.map((p) =>
      seedConversation(p, {
        ...MODE.conversation,
        onProgress: (done) => progress(`writing a conversation of 1,000 messages, ${p.label}: ${done}`),
      }),
    ),
  );
  for (const [i, p] of parleys.entries()) {
    result.paths[p.id].conversation = await readConversation(p, seeded[i], {
      runs: MODE.conversation.runs,
      onProgress: (done, total) => progress(`reading the conversation, ${p.label}: ${done}/${total}`),
    });
    note(`conversation of 1,000 messages, ${p.label}: p50 ${result.paths[p.id].conversation.p50} ms`);
  }
  phase('conversation');

  // The console at a million messages, on PostgreSQL (its budget's database), after the latency
  // phases: the fill would disturb them.
  if (parleyPg && postgresUrl) {
    progress('filling PostgreSQL for the console', { force: true });
    const fill = await fillConsole(postgresUrl, {
      messages: MODE.console.messages,
      onProgress: (n) => progress(`filling PostgreSQL for the console: ${n} messages`),
    });
    note(`console: ${fill.messages} messages written in ${Math.round(fill.ms / 1000)} s`);
    result.console = {
      messages: fill.messages,
      fillMs: fill.ms,
      queries: await measureConsole(parleyPg.url, CONSOLE_TOKEN, {
        runs: MODE.console.runs,
        onProgress: (label) => progress(`console: ${label}`),
      }),
    };
    progress('console: exporting every message', { force: true });
    result.console.export = await measureExport(parleyPg.url, CONSOLE_TOKEN, parleyPg.pid, 'jsonl');
    phase('console');
  }

  // Knowledge last: its servers and fills would disturb everything else.
  progress('knowledge', { force: true });
  result.knowledge = await measureKnowledge({
    upstreamUrl: upstream.url,
    createPostgresDatabase: async (name) => (postgres ? postgres.createDatabase(name) : null),
    startParley,
    quick,
    onProgress: (text, force) => (force ? note(text) : progress(text)),
  });
  phase('knowledge');

  progress('sizes of embed.js and of the embed page', { force: true });
  result.embed = {
    loader: await loaderSize(parleyLite.url),
    page: await pageScripts(parleyLite.url, '/embed/default'),
    hostedPage: await pageScripts(parleyLite.url, '/'),
  };
  if (result.embed.page.message) note(`embed page: ${result.embed.page.message}`);

  // What the servers logged as warnings or errors (one JSON line each, docs/operations.md).
  result.serverLogs = {};
  for (const server of servers) {
    const lines = server
      .logs()
      .split('\n')
      .filter((line) => /"level":"(warn|error)"/.test(line));
    if (lines.length) result.serverLogs[server.name] = { count: lines.length, first: lines.slice(0, 5) };
  }
  const busy = Object.values(result.meta.foreignCpu);
  result.meta.disturbed = busy.some((share) => share > 0.1);

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
  if (args.has('--update-docs')) {
    note(
      updateDocs(root, markdown)
        ? 'docs/performance.md updated'
        : 'docs/performance.md has no results section',
    );
  }

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

/**
 * Waits (at most `maxMs`) until other processes use under 10% of the machine for 5 seconds:
 * on a shared 2-core machine a test run next door doubles every latency.
 */
async function waitQuiet(maxMs) {
  const deadline = Date.now() + maxMs;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  for (;;) {
    const a = machineBusyMs();
    const self0 = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const self = process.cpuUsage(self0);
    const share = (machineBusyMs() - a - (self.user + self.system) / 1000) / (5000 * cores);
    if (share < 0.1) return;
    if (Date.now() > deadline) {
      note(
        `the machine is still busy (${Math.round(share * 100)}% used by other processes): starting anyway`,
      );
      return;
    }
    progress(`waiting for a quiet machine: other processes use ${Math.round(share * 100)}% of it`, {
      force: true,
    });
  }
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
