// The first page of a 1,000-message conversation, alone: seeds one conversation through the API
// and reads it back, on PGlite or PostgreSQL, without the rest of the benchmark around it. A
// diagnostic for the "long conversation" budget; not part of `npm run bench`.
//
//   node bench/diag/conversation-read.mjs [--db=pglite|postgres] [--runs=200] [--messages=1000]
import { keepAliveAgent, request } from '../lib/load.mjs';
import { makePath, readConversation, seedConversation } from '../lib/scenarios.mjs';
import { diagnosticDatabase, startParley, startUpstream } from '../lib/servers.mjs';
import { summarize } from '../lib/stats.mjs';

const opt = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const dbKind = opt('db', 'pglite');
const runs = Number(opt('runs', 200));
const messages = Number(opt('messages', 1000));

const upstream = await startUpstream({ ttftMs: 0, gapMs: 0, words: 4 });
const { databaseUrl, stop: stopDatabase } = await diagnosticDatabase(dbKind, 'conversation_read');
try {
  // --cpu-prof=<dir>: the server runs under the V8 profiler (the reads are its last seconds).
  const profDir = opt('cpu-prof', null);
  const nodeArgs = profDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=100']
    : undefined;
  const server = await startParley({ upstreamUrl: upstream.url, databaseUrl, nodeArgs });
  try {
    const agent = keepAliveAgent();
    const path = makePath({ id: 'parley', label: 'Parley', kind: 'parley', url: server.url, agent, server });
    const seeded = await seedConversation(path, { messages, words: 50 });
    const short = await seedConversation(path, { messages: 2, words: 50 });
    // What any request costs on this server, for comparison: the health check, the visitor's list.
    const timeGet = async (label, url, headers = {}) => {
      const times = [];
      for (let i = 0; i < runs + 10; i++) {
        const res = await request({ url, headers, agent });
        if (i >= 10) times.push(res.ms);
      }
      const s = summarize(times);
      console.log(`${label}: p50 ${s.p50} ms, p95 ${s.p95} ms`);
    };
    for (const round of [1, 2]) {
      await timeGet('GET /api/health', `${server.url}/api/health`);
      await timeGet('GET /api/conversations', `${server.url}/api/conversations`, seeded.headers);
      const two = await readConversation(path, short, { runs });
      console.log(`conversation of 2 messages: p50 ${two.p50} ms, p95 ${two.p95} ms`);
      const read = await readConversation(path, seeded, { runs });
      console.log(
        `round ${round}: p50 ${read.p50} ms, p95 ${read.p95} ms, ${read.messages} messages, ${read.bytes} bytes`,
      );
    }
    agent.destroy();
  } finally {
    await server.stop();
  }
} finally {
  await stopDatabase();
  await upstream.stop();
}
