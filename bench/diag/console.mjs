#!/usr/bin/env node
// The console's list and search at N messages on PostgreSQL, as `npm run bench` measures them:
//   node bench/diag/console.mjs [--messages=1000000] [--runs=30]
// Starts a throwaway PostgreSQL and Parley (the production build), fills the database by SQL, then
// asks the admin API. Prints the fill time, p50/p95 per query, and the whole export's size, time
// and the server's memory growth.
import { randomBytes } from 'node:crypto';
import { startPostgres } from '../../e2e/support/postgres.mjs';
import { fillConsole, measureConsole, measureExport } from '../lib/console.mjs';
import { startParley, startUpstream } from '../lib/servers.mjs';

const arg = (name, fallback) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const messages = arg('messages', 1_000_000);
const runs = arg('runs', 30);
const token = randomBytes(24).toString('base64url');

const pg = await startPostgres();
const upstream = await startUpstream({ ttftMs: 20, gapMs: 20, words: 10 });
let parley;
try {
  const databaseUrl = await pg.createDatabase('parley_console');
  parley = await startParley({ upstreamUrl: upstream.url, databaseUrl, env: { ADMIN_API_TOKEN: token } });
  const fill = await fillConsole(databaseUrl, {
    messages,
    onProgress: (n) => process.stderr.write(`\rfilled ${n} messages`),
  });
  process.stderr.write('\n');
  console.log(`filled to ${fill.messages} messages in ${Math.round(fill.ms / 1000)} s`);
  const results = await measureConsole(parley.url, token, { runs });
  for (const [label, r] of Object.entries(results)) {
    console.log(
      `${label.padEnd(32)} p50 ${String(r.p50).padStart(7)} ms  p95 ${String(r.p95).padStart(7)} ms  (${r.found} shown, ${r.errors} errors)`,
    );
  }
  for (const format of ['jsonl', 'csv'])
    console.log('export', await measureExport(parley.url, token, parley.pid, format));
} finally {
  await parley?.stop();
  await upstream.stop();
  pg.stop();
}
