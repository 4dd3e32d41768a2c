// The embedded database's own thread: PGlite runs here, so that its queries (WebAssembly, on
// whatever thread calls them) never stop the server's event loop. db/pglite-thread.ts talks to it.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

// Dates and intervals stay text, as Drizzle's own PGlite driver asks: Drizzle maps them itself.
const parsers = {
  [types.TIMESTAMP]: (value) => value,
  [types.TIMESTAMPTZ]: (value) => value,
  [types.INTERVAL]: (value) => value,
  [types.DATE]: (value) => value,
};

// A chat's tables and queries are small: PostgreSQL's default buffers (128 MB of shared buffers)
// would only hold the server's memory. Measured: 310 MB resident at idle with the defaults, 181 MB
// with these (docs/performance.md).
const postgresqlconf = [
  'shared_buffers = 16MB',
  'work_mem = 2MB',
  'maintenance_work_mem = 16MB',
  'wal_buffers = 512kB',
].join('\n');

// Run as a process (`node db/pglite-worker.mjs <dataDir>`), it only creates the database folder and
// exits: creating it (initdb) takes about 450 MB that a process gives back and a thread does not.
if (!parentPort) {
  const created = new PGlite(process.argv[2], { postgresqlconf, extensions: { vector } });
  await created.waitReady;
  await created.close();
  process.exit(0);
}

// pgvector for knowledge retrieval (docs/knowledge.md).
const pg = new PGlite(workerData.dataDir, { postgresqlconf, extensions: { vector } });

/** The fields of a PostgreSQL error that callers branch on (code, constraint), never its message alone. */
function errorFields(error) {
  const e = error ?? {};
  return {
    message: String(e.message ?? e),
    code: e.code,
    constraint: e.constraint,
    detail: e.detail,
    severity: e.severity,
    table: e.table,
  };
}

async function handle(request) {
  switch (request.type) {
    case 'query': {
      const result = await pg.query(request.sql, request.params, {
        rowMode: request.rowMode,
        parsers,
      });
      counted(request.sql, result.affectedRows);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    }
    case 'migrate':
      await migrate(drizzle(pg), { migrationsFolder: request.folder });
      // A database migrated by drizzle-kit (whose PGlite has no pgvector) gains it here.
      await pg.query('create extension if not exists vector');
      await analyze();
      return {};
    case 'listen':
      await pg.listen(request.channel, (payload) =>
        parentPort.postMessage({ type: 'notification', channel: request.channel, payload }),
      );
      return {};
    case 'notify':
      await pg.query('select pg_notify($1, $2)', [request.channel, request.payload]);
      return {};
    case 'close':
      await pg.close();
      return {};
    default:
      throw new Error(`unknown request ${request.type}`);
  }
}

parentPort.on('message', (request) => {
  handle(request).then(
    (result) => parentPort.postMessage({ type: 'result', id: request.id, result }),
    (error) => parentPort.postMessage({ type: 'result', id: request.id, error: errorFields(error) }),
  );
});

// PGlite has no autovacuum, and without fresh statistics the planner picks plans for the tables as
// they were: a conversation seeded after the last analyze is read whole and sorted to show its last
// page (measured: 2.7 ms of execution instead of 0.4 for a page of 1,000 messages). As autovacuum
// would, analyze once enough rows have been added or removed since the last time: 10% of the
// database's rows, at least 1,000 (updates change no row counts and are not counted).
const ANALYZE_AFTER_MIN = 1000;
let changedRows = 0;
let analyzeAfter = ANALYZE_AFTER_MIN;
let analyzing = false;

async function analyze() {
  analyzing = true;
  changedRows = 0;
  try {
    await pg.query('analyze');
    const { rows } = await pg.query(
      `select coalesce(sum(reltuples), 0)::float8 as n from pg_class
       where relkind = 'r' and relnamespace = 'public'::regnamespace and reltuples > 0`,
    );
    analyzeAfter = Math.max(ANALYZE_AFTER_MIN, Math.round(0.1 * rows[0].n));
  } finally {
    analyzing = false;
  }
}

function counted(sql, affectedRows) {
  if (!affectedRows || /^\s*(select|update)\b/i.test(sql)) return;
  changedRows += affectedRows;
  if (changedRows >= analyzeAfter && !analyzing) analyze().catch(() => {});
}

pg.waitReady.then(
  () => parentPort.postMessage({ type: 'ready' }),
  (error) => parentPort.postMessage({ type: 'failed', error: errorFields(error) }),
);
