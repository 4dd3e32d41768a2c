// Which objects a server keeps per open stream: heap snapshots idle and with N slow streams
// open, compared by constructor. Not part of `npm run bench`.
//
//   node bench/diag/heap.mjs [--streams=300] [--paths=next,parley-postgres]
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { keepAliveAgent } from '../lib/load.mjs';
import { makePath, QUESTION } from '../lib/scenarios.mjs';
import { root, startNextReference, startNodeReference, startParley, startUpstream } from '../lib/servers.mjs';

const opt = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const streams = Number(opt('streams', 300));
const wanted = opt('paths', 'next,parley-postgres').split(',');
const outDir = path.join(root, 'bench', 'profiles', `heap-${Date.now()}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Self size and count per (type, constructor) of a .heapsnapshot file. */
function aggregate(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]];
    let name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + iName]] : `(${type})`;
    if (type === 'closure') name = `closure ${name || '(anonymous)'}`;
    const entry = out.get(name) ?? { size: 0, count: 0 };
    entry.size += snap.nodes[i + iSize];
    entry.count += 1;
    out.set(name, entry);
  }
  return out;
}

async function snapshot(server, dir) {
  const before = new Set(readdirSync(dir));
  process.kill(server.pid, 'SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await sleep(100);
    const fresh = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    if (fresh.length) {
      // Written in pieces, with pauses: wait until it parses.
      const file = path.join(dir, fresh[0]);
      for (let tries = 0; tries < 120; tries++) {
        try {
          return aggregate(file);
        } catch {
          await sleep(1000);
        }
      }
      throw new Error(`${file} is incomplete`);
    }
  }
  throw new Error('no heap snapshot');
}

async function measure(id, start) {
  const dir = path.join(outDir, id);
  mkdirSync(dir, { recursive: true });
  const server = await start(['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`]);
  const agent = keepAliveAgent();
  const p = makePath({
    id,
    label: id,
    kind: id.startsWith('parley') ? 'parley' : 'reference',
    url: server.url,
    agent,
    server,
  });
  await p.prepare(streams);
  const slow = `${QUESTION} [[gap 100]] [[words 150]]`;
  await Promise.all(
    Array.from({ length: streams }, (_, i) => p.send(i, { fresh: true, content: `${QUESTION} [[words 4]]` })),
  );
  await sleep(1500);
  const idle = await snapshot(server, dir);
  let open = 0;
  const all = Promise.all(
    Array.from({ length: streams }, (_, i) =>
      p.send(i, {
        fresh: true,
        content: slow,
        onEvent: (e) => {
          if (e.type === 'start') open += 1;
        },
      }),
    ),
  );
  while (open < streams) await sleep(100);
  await sleep(500);
  const loaded = await snapshot(server, dir);
  await all;
  agent.destroy();
  await server.stop();
  const rows = [];
  for (const [name, l] of loaded) {
    const i = idle.get(name) ?? { size: 0, count: 0 };
    rows.push({ name, bytes: (l.size - i.size) / open, count: (l.count - i.count) / open });
  }
  rows.sort((a, b) => b.bytes - a.bytes);
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  const lines = [`${id}: ${(total / 1024).toFixed(1)} KB of live heap per open stream (${open} open); top:`];
  for (const r of rows.slice(0, 25)) {
    lines.push(
      `  ${(r.bytes / 1024).toFixed(2).padStart(7)} KB  ${r.count.toFixed(1).padStart(6)} ×  ${r.name.slice(0, 80)}`,
    );
  }
  return lines.join('\n');
}

const upstream = await startUpstream({ ttftMs: 20, gapMs: 20, words: 50 });
let pg = null;
const reports = [];
try {
  for (const id of wanted) {
    if (id === 'node') reports.push(await measure(id, (args) => startNodeReference(upstream.url, args)));
    if (id === 'next') reports.push(await measure(id, (args) => startNextReference(upstream.url, args)));
    if (id === 'parley-pglite') {
      reports.push(await measure(id, (args) => startParley({ upstreamUrl: upstream.url, nodeArgs: args })));
    }
    if (id === 'parley-postgres') {
      const { startPostgres } = await import('../../e2e/support/postgres.mjs');
      pg = await startPostgres();
      const databaseUrl = await pg.createDatabase('heap');
      reports.push(
        await measure(id, (args) => startParley({ upstreamUrl: upstream.url, databaseUrl, nodeArgs: args })),
      );
    }
  }
} finally {
  await upstream.stop();
  pg?.stop();
  if (!process.argv.includes('--keep')) rmSync(outDir, { recursive: true, force: true });
}
process.stdout.write(`${reports.join('\n\n')}\n`);
