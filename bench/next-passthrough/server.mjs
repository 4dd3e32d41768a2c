// The reference Next.js app served like Parley (scripts/server.mjs): Next.js's request handler
// behind a plain node:http server, so both pay for the same layers.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const dir = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT || 0);
const hostname = '127.0.0.1';
const app = next({ dev: false, dir, port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => handle(req, res));
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  process.stdout.write(`next-passthrough ready on http://${hostname}:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
