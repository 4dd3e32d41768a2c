// Where the server's CPU time goes for chat messages: runs Parley and the reference Next.js
// route handler under `node --cpu-prof`, sends the same messages to each, and sums the samples
// by package and by function (mapped to the original sources through the build's source maps).
// A diagnostic for the budgets; not part of `npm run bench`.
//
//   node bench/diag/cpu-profile.mjs [--db=pglite|postgres] [--concurrency=1] [--requests=400] [--paths=node,next,parley]
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { keepAliveAgent } from '../lib/load.mjs';
import { aggregate, makePath, QUESTION, runLevel } from '../lib/scenarios.mjs';
import {
  diagnosticDatabase,
  root,
  startNextReference,
  startNodeReference,
  startParley,
  startUpstream,
} from '../lib/servers.mjs';

const opt = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const dbKind = opt('db', 'pglite');
const concurrency = Number(opt('concurrency', 1));
const requests = Number(opt('requests', 400));
const words = Number(opt('words', 4));
const outDir = path.join(root, 'bench', 'profiles');
const wanted = opt('paths', 'next,parley').split(',');

const categories = [
  [/^\((idle|program|garbage collector|root)\)$/, (m) => m[0]],
  // drizzle-orm's published source maps point one folder too high.
  [/node_modules\/src\//, () => 'drizzle-orm'],
  [/node_modules\/(@[^/]+\/[^/]+|[^/]+)\//, (m) => m[1]],
  [/^wasm:/, () => 'wasm'],
  [/^node:/, () => 'node internals'],
  [/^(lib|db|app|components)\//, (m) => `parley ${m[1]}/`],
  [/^(proxy|instrumentation)\.ts/, () => 'parley proxy.ts'],
];
/** Frames whose time belongs to whoever called them. */
const isInternal = (cat) =>
  cat === 'node internals' || cat === 'wasm' || cat === 'other' || /^\((?!idle|garbage)/.test(cat);

const maps = new Map();
function sourceMapFor(url) {
  if (!maps.has(url)) {
    let map = null;
    try {
      const file = url.startsWith('file://') ? new URL(url).pathname : url;
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      // No map: keep the generated location.
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

/** The original file and function of a profile frame. */
function locate(frame) {
  const { url, functionName, lineNumber, columnNumber } = frame;
  if (!url) return { file: `(${functionName.replace(/[()]/g, '')})`, name: functionName };
  const map = url.includes('/.next/') ? sourceMapFor(url) : null;
  const entry = map?.findEntry(lineNumber, columnNumber);
  if (entry?.originalSource) {
    const source = entry.originalSource.replace(/^.*\[project\]\//, '').replace(/^turbopack:\/\/\//, '');
    return { file: source, name: entry.name || functionName || '(anonymous)', line: entry.originalLine + 1 };
  }
  const file = url.replace(/^file:\/\//, '').replace(`${root}/`, '');
  return { file, name: functionName || '(anonymous)', line: lineNumber + 1 };
}

function categoryOf(file) {
  if (file.startsWith('(')) return file;
  for (const [re, label] of categories) {
    const m = re.exec(file);
    if (m) return label(m);
  }
  return 'other';
}

function analyse(file, replies) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const catOf = new Map();
  const category = (id) => {
    if (!catOf.has(id)) catOf.set(id, categoryOf(locate(byId.get(id).callFrame).file));
    return catOf.get(id);
  };
  /** The package of the nearest caller that is not Node.js itself (an SDK's fetch is the SDK's). */
  const owner = (id) => {
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const cat = category(at);
      if (!isInternal(cat) && cat !== '(root)') return cat;
    }
    return category(id);
  };
  const byCategory = new Map();
  const byFunction = new Map();
  let busy = 0;
  for (const [id, micros] of self) {
    const loc = locate(byId.get(id).callFrame);
    const cat = categoryOf(loc.file);
    if (cat === '(idle)') continue;
    busy += micros;
    const who = owner(id);
    byCategory.set(who, (byCategory.get(who) ?? 0) + micros);
    const key = `${loc.name}  ${loc.file}${loc.line ? `:${loc.line}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  const perReply = (micros) => (micros / 1000 / replies).toFixed(3);
  const lines = [
    `  busy: ${perReply(busy)} ms per reply`,
    '  by package, with the Node.js internals and system calls it makes (ms per reply):',
  ];
  for (const [cat, micros] of [...byCategory].sort((a, b) => b[1] - a[1]).slice(0, 18)) {
    lines.push(`    ${perReply(micros).padStart(8)}  ${cat}`);
  }
  lines.push('  top functions (self time, ms per reply):');
  for (const [key, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    lines.push(`    ${perReply(micros).padStart(8)}  ${key}`);
  }
  return lines.join('\n');
}

async function profileServer(label, start) {
  const dir = path.join(outDir, `${label.replace(/\W+/g, '-')}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const server = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200']);
  const agent = keepAliveAgent();
  const kind = label.startsWith('Parley') ? 'parley' : 'reference';
  const p = makePath({ id: label, label, kind, url: server.url, agent, server });
  const content = `${QUESTION} [[words ${words}]]`;
  await runLevel(p, { concurrency, total: 100, maxMs: 60_000, content });
  const run = await runLevel(p, { concurrency, total: requests, maxMs: 120_000, content });
  const level = aggregate(run.results, run.elapsedMs, run.before, run.after);
  agent.destroy();
  await server.stop();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const replies = level.completed + 100;
  return [
    `${label}: ${level.completed} replies at ${concurrency} stream(s), TTFT p50 ${level.ttft.p50} ms, CPU ${level.serverCpuMsPerReply} ms per reply (profile of ${replies} replies incl. warm-up, ${path.relative(root, path.join(dir, file))})`,
    analyse(path.join(dir, file), replies),
  ].join('\n');
}

const upstream = await startUpstream({ ttftMs: 20, gapMs: 20, words });
const { databaseUrl, stop: stopDatabase } = await diagnosticDatabase(dbKind, 'cpu_profile');
try {
  const reports = [];
  if (wanted.includes('node'))
    reports.push(await profileServer('node:http', (nodeArgs) => startNodeReference(upstream.url, nodeArgs)));
  if (wanted.includes('next'))
    reports.push(
      await profileServer('Next.js route', (nodeArgs) => startNextReference(upstream.url, nodeArgs)),
    );
  if (wanted.includes('parley'))
    reports.push(
      await profileServer(`Parley ${dbKind}`, (nodeArgs) =>
        startParley({ upstreamUrl: upstream.url, databaseUrl, nodeArgs }),
      ),
    );
  process.stdout.write(`${reports.join('\n\n')}\n`);
} finally {
  await upstream.stop();
  await stopDatabase();
}
if (process.argv.includes('--clean')) rmSync(outDir, { recursive: true, force: true });
