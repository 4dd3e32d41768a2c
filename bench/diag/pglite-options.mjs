// Where the embedded database should run, measured: PGlite on the server's own thread, on a worker
// thread (what Parley does, db/pglite-worker.mjs), or in a child process behind
// @electric-sql/pglite-socket reached with postgres.js. The socket server is not a dependency of
// Parley (its 0.2 line wants an exact, older PGlite): install it apart to include it, e.g.
//   npm i --prefix /tmp/pglite-socket @electric-sql/pglite-socket postgres && PGLITE_SOCKET_DIR=/tmp/pglite-socket node bench/diag/pglite-options.mjs
// Prints, for each: query latency p50/p95 (a page read or an insert, one at a time), queries per
// second with 20 callers at once, and how busy the server's own thread is meanwhile
// (event-loop utilisation: what every open stream waits on).
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const root = path.resolve(import.meta.dirname, '..', '..');
const SETUP = [
  'create table t (id uuid primary key, conv uuid not null, content text not null, created_at timestamptz not null default clock_timestamp())',
  'create index t_conv on t (conv, created_at)',
];
const conv = crypto.randomUUID();
const read = [
  'select id, content, created_at from t where conv = $1 order by created_at desc limit 50',
  [conv],
];
const write = () => [
  'insert into t (id, conv, content) values ($1, $2, $3)',
  [crypto.randomUUID(), conv, 'lorem ipsum '.repeat(30)],
];

async function measure(name, query) {
  for (const statement of SETUP) await query(statement, []);
  for (let i = 0; i < 1000; i++) await query(...write());
  const latencies = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    await query(...(i % 3 ? read : write()));
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const before = performance.eventLoopUtilization();
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = 0; i < 50; i++) {
        await query(...(i % 3 ? read : write()));
        done += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const elu = performance.eventLoopUtilization(before);
  console.log(
    `${name.padEnd(34)} p50 ${latencies[150].toFixed(2)} ms  p95 ${latencies[285].toFixed(2)} ms  ` +
      `${Math.round(done / seconds)} queries/s  server thread busy ${(elu.utilization * 100).toFixed(0)}% ` +
      `(${(elu.active / done).toFixed(2)} ms a query)`,
  );
}

const tempDir = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'pglite-options-')), 'pglite');

const lite = new PGlite(tempDir());
await lite.waitReady;
await measure('same thread', (sql, params) => lite.query(sql, params));
await lite.close();

const worker = new Worker(path.join(root, 'db', 'pglite-worker.mjs'), { workerData: { dataDir: tempDir() } });
const pending = new Map();
let next = 0;
await new Promise((resolve) => {
  worker.on('message', (m) => {
    if (m.type === 'ready') resolve();
    if (m.type !== 'result') return;
    const waiter = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) waiter.reject(new Error(m.error.message));
    else waiter.resolve(m.result.rows);
  });
});
await measure(
  'worker thread (Parley)',
  (sql, params) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'query', id, sql, params, rowMode: 'object' });
    }),
);
await worker.terminate();

const socketDir = process.env.PGLITE_SOCKET_DIR;
if (!socketDir) {
  console.log(
    'child process + pglite-socket: not measured (set PGLITE_SOCKET_DIR, see the top of this file)',
  );
} else {
  const require = createRequire(path.join(socketDir, 'package.json'));
  const server = path.join(socketDir, 'parley-socket-server.mjs');
  writeFileSync(
    server,
    `import { PGlite } from ${JSON.stringify(require.resolve('@electric-sql/pglite'))};
import { PGLiteSocketServer } from ${JSON.stringify(require.resolve('@electric-sql/pglite-socket'))};
const db = await PGlite.create(process.argv[2]);
const server = new PGLiteSocketServer({ db, port: Number(process.argv[3]), host: '127.0.0.1' });
await server.start();
process.send('ready');
`,
  );
  const port = 40000 + Math.floor(Math.random() * 10000);
  const child = fork(server, [tempDir(), String(port)]);
  await new Promise((resolve) => child.once('message', resolve));
  const postgres = (await import(require.resolve('postgres'))).default;
  // One connection: the server serves one session, and its multiplexer interleaves concurrent
  // extended-protocol messages of several (measured: "bind message supplies 3 parameters, but
  // prepared statement requires 1").
  const sql = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  await measure('child process + pglite-socket', (text, params) => sql.unsafe(text, params));
  await sql.end();
  child.kill();
}
process.exit(0);
