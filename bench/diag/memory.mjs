// Memory per open stream (as `npm run bench` measures it) for chosen paths, with extra Node.js
// flags or environment to try, e.g. --node-flags="--max-semi-space-size=2" or
// --env=MALLOC_ARENA_MAX=2 (for Parley's servers). Not part of `npm run bench`.
//
//   node bench/diag/memory.mjs [--streams=300] [--paths=node,next,parley-pglite,parley-postgres]
//                              [--node-flags="..."] [--env=NAME=value,NAME=value]
import { keepAliveAgent } from '../lib/load.mjs';
import { makePath, memoryPerStream, QUESTION } from '../lib/scenarios.mjs';
import {
  diagnosticDatabase,
  probeArgs,
  startNextReference,
  startNodeReference,
  startParley,
  startUpstream,
} from '../lib/servers.mjs';

const opt = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const streams = Number(opt('streams', 300));
const wanted = opt('paths', 'node,next,parley-pglite,parley-postgres').split(',');
const extra = opt('node-flags', '').split(' ').filter(Boolean);
const nodeArgs = [...probeArgs, ...extra];
const env = Object.fromEntries(
  opt('env', '')
    .split(',')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

const upstream = await startUpstream({ ttftMs: 20, gapMs: 20, words: 50 });
let pg = null;
const rows = [];
try {
  for (const id of wanted) {
    let server;
    if (id === 'node') server = await startNodeReference(upstream.url, nodeArgs);
    else if (id === 'next') server = await startNextReference(upstream.url, nodeArgs);
    else if (id === 'parley-pglite') server = await startParley({ upstreamUrl: upstream.url, nodeArgs, env });
    else if (id === 'parley-postgres') {
      pg ??= await diagnosticDatabase('postgres', `memory_${Date.now()}`);
      server = await startParley({ upstreamUrl: upstream.url, databaseUrl: pg.databaseUrl, nodeArgs, env });
    } else continue;
    const agent = keepAliveAgent();
    const kind = id.startsWith('parley') ? 'parley' : 'reference';
    const p = makePath({ id, label: id, kind, url: server.url, agent, server });
    const content = `${QUESTION} [[gap 100]] [[words 80]]`;
    const m = await memoryPerStream(p, {
      streams,
      content,
      warmContent: process.argv.includes('--warm-slow') ? content : undefined,
    });
    rows.push([
      id,
      m.held,
      m.errors,
      m.perStreamKb,
      m.rawPerStreamKb,
      m.heapPerStreamKb,
      m.externalPerStreamKb,
    ]);
    agent.destroy();
    await server.stop();
  }
} finally {
  await upstream.stop();
  await pg?.stop();
}
process.stdout.write(
  `KB per open stream, ${streams} streams${extra.length ? `, node ${extra.join(' ')}` : ''}${
    Object.keys(env).length ? `, env ${JSON.stringify(env)}` : ''
  }\n`,
);
const headers = ['path', 'open', 'errors', 'RSS after GC', 'RSS sampled', 'JS heap', 'external'];
process.stdout.write(`${headers.map((h) => h.padStart(16)).join('')}\n`);
for (const row of rows) process.stdout.write(`${row.map((c) => String(c).padStart(16)).join('')}\n`);
