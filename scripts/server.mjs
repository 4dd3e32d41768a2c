// Parley's production server: Next.js's request handler behind a plain node:http server, so
// that the peer address is known (for rate limits without a proxy) and SIGTERM can stop taking
// connections, let running answers finish, and exit within a bounded time.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nextEnv from '@next/env';
import next from 'next';
import { answerBadAddress } from './bad-address.mjs';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// .env files, as Next.js reads them, so that PORT and HOST there apply too.
nextEnv.loadEnvConfig(dir);
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || '0.0.0.0';

const app = next({ dev: false, dir, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  // Only the socket may say who the peer is: drop any value a client sent.
  req.headers['x-parley-peer'] = req.socket.remoteAddress ?? '';
  if (answerBadAddress(req, res)) return;
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
// A client that sends its headers or its request slowly holds a socket no longer than this (the
// routes bound a body's time themselves: 10 s for JSON, 2 minutes for an upload).
server.headersTimeout = 20_000;
server.requestTimeout = 130_000;
await new Promise((resolve) => server.listen(port, hostname, resolve));

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: finishing running answers, then exiting\n`);
  server.close();
  server.closeIdleConnections?.();
  const shutdown = globalThis[Symbol.for('parley.shutdown')];
  if (typeof shutdown === 'function') await shutdown();
  server.closeAllConnections?.();
  process.exit(0);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

// Next.js runs instrumentation.ts (settings, database) on the first request, not in prepare():
// make that request ourselves, so that "ready" means ready. A database that cannot be opened
// ends the process there, with a message; the summary line is what the start-up found.
// node:http rather than fetch(): a first start that creates the embedded database can take
// minutes on a small machine, longer than fetch's default wait for an answer.
const local = { '0.0.0.0': '127.0.0.1', '::': '::1' }[hostname] ?? hostname;
const health = await new Promise((resolve) => {
  http
    .get({ host: local, port, path: '/api/health' }, (res) => {
      res.resume();
      resolve(res.statusCode);
    })
    .on('error', (error) => resolve(error.code ?? error.message));
});
if (stopping) {
  // A SIGTERM during start-up: stop() is finishing the process.
} else if (health !== 200) {
  process.stderr.write(`Parley cannot start: its own /api/health answered ${health}\n`);
  process.exit(1);
} else {
  const summary = globalThis[Symbol.for('parley.summary')];
  process.stdout.write(
    `Parley is ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}\n${summary ? `${summary}\n` : ''}`,
  );
}
