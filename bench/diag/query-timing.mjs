// Times each database call Parley makes for one chat message, through the app's own query
// functions (db/queries/*.ts, bundled on the fly with esbuild), on PGlite and on PostgreSQL.
// A diagnostic for the time-to-first-token budget; not part of `npm run bench`.
//
//   node bench/diag/query-timing.mjs [--runs=300]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPostgres } from '../../e2e/support/postgres.mjs';
import { importApp } from '../lib/bundle.mjs';
import { rssKb } from '../lib/procs.mjs';
import { summarize } from '../lib/stats.mjs';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 300);
const warm = 50;

function loadQueries() {
  return importApp('query-timing', [
    "export { openPglite, openPostgres } from './db/client';",
    "export * as visitors from './db/queries/visitors';",
    "export * as sites from './db/queries/sites';",
    "export * as turns from './db/queries/turns';",
    "export * as answers from './db/queries/answers';",
    "export * as transcript from './db/queries/transcript';",
    "export * as conversations from './db/queries/conversations';",
    "export * as rateLimits from './db/queries/rate-limits';",
    "export { sql } from 'drizzle-orm';",
  ]);
}

async function timeKind(q, kind, database) {
  const { db } = database;
  await q.sites.ensureDefaultSite(db, { allowedOrigins: [], defaultLocale: 'en' });
  const { visitor, token } = await q.visitors.createVisitor(db, 'default');
  const scope = { siteId: 'default', visitorId: visitor.id };
  const samples = {};
  const timed = async (name, fn, keep) => {
    const t0 = performance.now();
    const value = await fn();
    if (keep) {
      samples[name] ??= [];
      samples[name].push((performance.now() - t0) * 1000);
    }
    return value;
  };
  let conversationId = null;
  let sent = 0;
  for (let i = 0; i < warm + runs; i++) {
    const keep = i >= warm;
    const messageId = randomUUID();
    const answerId = randomUUID();
    await timed('getVisitorByToken', () => q.visitors.getVisitorByToken(db, token), keep);
    await timed('getSite', () => q.sites.getSite(db, 'default'), keep);
    await timed('findExchange (replay check)', () => q.turns.findExchange(db, scope, messageId), keep);
    const isNew = conversationId === null;
    if (!isNew) {
      await timed(
        'prepareTurn (continued: ownership, repeat, busy, history)',
        () => q.turns.prepareTurn(db, scope, { conversationId, messageId }),
        keep,
      );
    }
    await timed(
      'hitRateLimits (only when limits are on)',
      () =>
        q.rateLimits.hitRateLimits(
          db,
          [
            { key: `chat:visitor:${visitor.id}`, limit: 1e9, windowMs: 60_000 },
            { key: 'chat:ip:127.0.0.1', limit: 1e9, windowMs: 60_000 },
          ],
          Date.now(),
        ),
      keep,
    );
    const id = conversationId ?? randomUUID();
    await timed(
      `insertExchange (${isNew ? 'new' : 'continued'} conversation)`,
      () =>
        q.turns.insertExchange(db, scope, {
          conversationId: id,
          newConversation: isNew ? { title: 'Hello', locale: 'en' } : undefined,
          userMessageId: messageId,
          assistantMessageId: answerId,
          content: 'Hello! How do I change the delivery address of an order I placed yesterday?',
          owner: database.instanceId,
          model: 'gpt-4o-mini',
        }),
      keep,
    );
    await timed(
      'saveProgress (one answer)',
      () => q.answers.saveProgress(db, [{ id: answerId, content: 'lorem ipsum '.repeat(10) }]),
      keep,
    );
    await timed(
      'finishAnswer (after the last token)',
      () =>
        q.answers.finishAnswer(db, answerId, {
          status: 'complete',
          content: 'lorem ipsum dolor sit amet '.repeat(10),
          model: 'gpt-4o-mini',
          usage: { promptTokens: 10, completionTokens: 50, totalTokens: 60 },
          ttftMs: 20,
        }),
      keep,
    );
    sent += 1;
    conversationId = sent % 10 === 0 ? null : id;
  }
  // A conversation of 1,000 messages of about 330 characters (the benchmark's), read whole.
  const longId = randomUUID();
  await db.execute(q.sql`
    insert into conversations (id, site_id, visitor_id, title) values (${longId}::uuid, 'default', ${visitor.id}::uuid, 'long')`);
  await db.execute(q.sql`
    insert into chat_messages (id, conversation_id, role, content, status, created_at)
    select gen_random_uuid(), ${longId}::uuid, case when i % 2 = 0 then 'user' else 'assistant' end,
      repeat('lorem ipsum ', 28), 'complete', clock_timestamp() + i * interval '1 millisecond'
    from generate_series(1, 1000) as i`);
  for (let i = 0; i < 63; i++) {
    await timed(
      'conversationJson (first page of 50, of 1,000 messages)',
      () => q.transcript.conversationJson(db, scope, longId, { limit: 50 }),
      i >= 3,
    );
  }
  const rows = Object.entries(samples).map(([name, values]) => ({ name, ...summarize(values) }));
  return { kind, rows };
}

const q = await loadQueries();
const results = [];
const rssBefore = rssKb(process.pid);
const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-qt-'));
const lite = await q.openPglite(dir);
await lite.migrate();
// Parley's runtime listens for Stop signals on this channel (lib/chat/runtime.ts).
if (process.argv.includes('--listen')) await lite.listen('parley_stop', () => {});
const rssPglite = rssKb(process.pid) - rssBefore;
results.push(await timeKind(q, 'PGlite', lite));
await lite.close();
rmSync(dir, { recursive: true, force: true });

const pg = await startPostgres();
try {
  const url = await pg.createDatabase('query_timing');
  const database = await q.openPostgres(url);
  await database.migrate();
  results.push(await timeKind(q, 'PostgreSQL', database));
  await database.close();
} finally {
  pg.stop();
}

const names = [...new Set(results.flatMap((r) => r.rows.map((row) => row.name)))];
const cell = (kind, name) => {
  const row = results.find((r) => r.kind === kind)?.rows.find((x) => x.name === name);
  return row ? `${(row.p50 / 1000).toFixed(3)} / ${(row.p95 / 1000).toFixed(3)}` : '—';
};
process.stdout.write(`Database calls of one chat message, ms (p50 / p95), ${runs} messages\n`);
const width = Math.max(...names.map((n) => n.length));
process.stdout.write(`${'call'.padEnd(width)}  ${'PGlite'.padStart(15)}  ${'PostgreSQL'.padStart(15)}\n`);
for (const name of names) {
  process.stdout.write(
    `${name.padEnd(width)}  ${cell('PGlite', name).padStart(15)}  ${cell('PostgreSQL', name).padStart(15)}\n`,
  );
}
process.stdout.write(`\nRSS added by opening PGlite: ${Math.round(rssPglite / 1024)} MB\n`);
