// Where the time to first token goes, inside the server, at one stream: from the request's
// arrival to the upstream request, to the upstream's answer, to the first delta written back.
// Runs the Next.js reference and Parley with bench/diag/timeline-probe.cjs preloaded. Not part
// of `npm run bench`.
//
//   node bench/diag/timeline.mjs [--requests=200] [--db=pglite|postgres] [--new-conversations]
import path from 'node:path';
import { keepAliveAgent } from '../lib/load.mjs';
import { makePath, QUESTION } from '../lib/scenarios.mjs';
import { diagnosticDatabase, root, startNextReference, startParley, startUpstream } from '../lib/servers.mjs';
import { summarize } from '../lib/stats.mjs';

const opt = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const requests = Number(opt('requests', 200));
const dbKind = opt('db', 'pglite');
const nodeArgs = ['--require', path.join(root, 'bench', 'diag', 'timeline-probe.cjs')];

async function timeline(label, server, kind) {
  const agent = keepAliveAgent();
  const p = makePath({ id: label, label, kind, url: server.url, agent, server });
  await p.prepare(1);
  const content = `${QUESTION} [[words 4]]`;
  const client = [];
  for (let i = 0; i < 50 + requests; i++) {
    const result = await p.send(0, { content, fresh: process.argv.includes('--new-conversations') });
    if (i >= 50) client.push(result.ttftMs);
  }
  agent.destroy();
  const lines = server
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('@@timeline '))
    .slice(-requests)
    .map((line) => JSON.parse(line.slice(11)));
  await server.stop();
  const span = (from, to) => summarize(lines.map((t) => t[to] - t[from])).p50;
  return {
    label,
    'arrival → upstream request': span('arrived', 'upstreamCreated'),
    '  of which in PGlite (TIMELINE_DB=1)': summarize(lines.map((t) => t.dbBeforeUpstream ?? 0)).p50,
    '  PGlite calls': summarize(lines.map((t) => t.dbCalls ?? 0)).p50,
    'upstream request → upstream headers': span('upstreamCreated', 'upstreamHeaders'),
    'upstream headers → first delta written': span('upstreamHeaders', 'deltaWritten'),
    'arrival → first delta written': span('arrived', 'deltaWritten'),
    'TTFT seen by the client': summarize(client).p50,
  };
}

const upstream = await startUpstream({ ttftMs: 20, gapMs: 20, words: 4 });
const { databaseUrl, stop: stopDatabase } = await diagnosticDatabase(dbKind, 'timeline');
try {
  const rows = [
    await timeline('Next.js route', await startNextReference(upstream.url, nodeArgs), 'reference'),
    await timeline(
      `Parley ${dbKind}`,
      await startParley({ upstreamUrl: upstream.url, databaseUrl, nodeArgs, env: { TIMELINE_DB: '1' } }),
      'parley',
    ),
  ];
  process.stdout.write(`p50 over ${requests} messages at one stream, ms\n`);
  for (const key of Object.keys(rows[0]).filter((k) => k !== 'label')) {
    process.stdout.write(
      `${key.padEnd(40)}${rows.map((r) => `${r.label}: ${r[key]?.toFixed(2)}`.padStart(24)).join('')}\n`,
    );
  }
} finally {
  await upstream.stop();
  await stopDatabase();
}
