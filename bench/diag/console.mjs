#!/usr/bin/env node
// The console's list and search at N messages on PostgreSQL, as `npm run bench` measures them:
//   node bench/diag/console.mjs [--messages=1000000] [--runs=30] [--recent=5000] [--no-export]
// Starts a throwaway PostgreSQL and Parley (the production build), fills the database by SQL, then
// asks the admin API. Prints the fill time, p50/p95 per query, and the whole export's size, time
// and the server's memory growth.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { startPostgres } from '../../e2e/support/postgres.mjs';
import { fillConsole, measureConsole, measureExport } from '../lib/console.mjs';
import { QUESTION } from '../lib/scenarios.mjs';
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
  // --recent=N: N newer conversations that hold none of the searched words, as the full benchmark's
  // own load-test chats are by the time it reaches the console.
  const recent = arg('recent', 0);
  if (recent > 0) {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    await sql`create temporary table r as select gen_random_uuid() as c, gen_random_uuid() as v, now() - i * interval '1 second' as at from generate_series(1, ${recent}) i`;
    await sql`insert into visitors (id, site_id, token_hash) select v, 'default', md5(v::text) from r`;
    await sql`insert into conversations (id, site_id, visitor_id, title, created_at, updated_at) select c, 'default', v, 'Load test', at, at from r`;
    await sql`insert into chat_messages (id, conversation_id, role, content, status, created_at)
      select gen_random_uuid(), c, role, content, 'complete', at from r,
      (values ('user', ${QUESTION}), ('assistant', 'lorem ipsum dolor sit amet consectetur adipiscing elit')) x(role, content)`;
    await sql`analyze`;
    await sql.end();
    console.log(`added ${recent} newer conversations without the searched words`);
  }
  const results = await measureConsole(parley.url, token, { runs });
  for (const [label, r] of Object.entries(results)) {
    console.log(
      `${label.padEnd(32)} p50 ${String(r.p50).padStart(7)} ms  p95 ${String(r.p95).padStart(7)} ms  (${r.found} shown, ${r.errors} errors)`,
    );
  }
  if (!process.argv.includes('--no-export'))
    for (const format of ['jsonl', 'csv'])
      console.log('export', await measureExport(parley.url, token, parley.pid, format));
} finally {
  await parley?.stop();
  await upstream.stop();
  pg.stop();
}
