// Preloaded into a server by bench/diag/timeline.mjs: for each request handled one at a time,
// prints when it arrived, when the upstream request was created, when the upstream answered
// (headers) and when the first `start` and `delta` events were written back.
const dc = require('node:diagnostics_channel');
const http = require('node:http');
const { performance } = require('node:perf_hooks');

let current = null;
dc.subscribe('http.server.request.start', ({ request, response }) => {
  if (request.method !== 'POST') return;
  current = { arrived: performance.now() };
  response.__timeline = current;
  response.once('finish', () => {
    process.stderr.write(`@@timeline ${JSON.stringify(response.__timeline)}\n`);
  });
});
dc.subscribe('undici:request:create', () => {
  if (current && current.upstreamCreated === undefined) current.upstreamCreated = performance.now();
});
dc.subscribe('undici:request:headers', () => {
  if (current && current.upstreamHeaders === undefined) current.upstreamHeaders = performance.now();
});
const write = http.ServerResponse.prototype.write;
http.ServerResponse.prototype.write = function (chunk, ...rest) {
  const t = this.__timeline;
  if (t && chunk) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (t.startWritten === undefined && text.includes('"type":"start"')) t.startWritten = performance.now();
    if (t.deltaWritten === undefined && text.includes('"type":"delta"')) t.deltaWritten = performance.now();
  }
  return write.call(this, chunk, ...rest);
};

// With TIMELINE_DB=1: the time PGlite spends in each call before the upstream request, so the
// database's share of "arrival → upstream request" shows. PGlite is loaded from node_modules at
// run time (serverExternalPackages), so its class is the one the app uses.
if (process.env.TIMELINE_DB === '1') {
  import('@electric-sql/pglite').then(({ PGlite }) => {
    let proto = PGlite.prototype;
    while (proto && !Object.hasOwn(proto, 'query')) proto = Object.getPrototypeOf(proto);
    for (const name of ['query', 'exec', 'transaction']) {
      const original = proto[name];
      proto[name] = async function (...args) {
        const t = current;
        const start = performance.now();
        try {
          return await original.apply(this, args);
        } finally {
          if (t && t.upstreamCreated === undefined) {
            t.dbBeforeUpstream = (t.dbBeforeUpstream ?? 0) + (performance.now() - start);
            t.dbCalls = (t.dbCalls ?? 0) + 1;
          }
        }
      };
    }
  });
}
