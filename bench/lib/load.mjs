// The load generator: streaming HTTP requests over keep-alive connections, timed from the
// moment the request is issued to the first token and between tokens.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export function keepAliveAgent() {
  return new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, keepAliveMsecs: 30_000 });
}

/**
 * One streaming request. `protocol` says how to read the stream: `openai` (Chat Completions
 * chunks, `data: [DONE]`) or `parley` (Parley's events: start, delta…, done | error).
 * Resolves with timings; never rejects (failures are in `error`).
 */
export function streamRequest({ url, body, headers = {}, agent, protocol, timeoutMs = 60_000, onEvent }) {
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body));
    const t0 = performance.now();
    const result = {
      ok: false,
      status: 0,
      ttftMs: null,
      totalMs: null,
      gaps: [],
      deltas: 0,
      chars: 0,
      error: null,
      conversationId: null,
    };
    let last = 0;
    let settled = false;
    let ended = false;
    let buffer = '';
    const events = [];
    const finish = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      result.totalMs = performance.now() - t0;
      if (error) result.error = error;
      else if (!ended) result.error = 'stream ended without a final event';
      else if (result.deltas === 0) result.error = `no text (events: ${events.join(',')})`;
      result.ok = !result.error;
      resolve(result);
    };
    const onDelta = (text) => {
      const now = performance.now();
      if (result.ttftMs === null) result.ttftMs = now - t0;
      else result.gaps.push(now - last);
      last = now;
      result.deltas += 1;
      result.chars += text.length;
    };
    const onData = (data) => {
      if (protocol === 'openai') {
        if (data === '[DONE]') {
          ended = true;
          return;
        }
        const text = JSON.parse(data).choices?.[0]?.delta?.content;
        if (text) onDelta(text);
        return;
      }
      const event = JSON.parse(data);
      if (events.length < 20) events.push(event.type === 'done' ? `done/${event.status}` : event.type);
      if (event.type === 'delta') onDelta(event.text);
      else if (event.type === 'start') result.conversationId = event.conversationId;
      else if (event.type === 'done') {
        ended = true;
        if (event.status !== 'complete') result.error = `done/${event.status}`;
      } else if (event.type === 'error') {
        ended = true;
        result.error = `error event: ${event.code}`;
      }
      onEvent?.(event, result);
    };
    const target = new URL(url);
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': payload.length,
          Accept: 'text/event-stream',
          ...headers,
        },
      },
      (res) => {
        result.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (d) => {
            text += d;
          });
          res.on('end', () => finish(`HTTP ${res.statusCode} ${text.slice(0, 200)}`));
          return;
        }
        res.on('data', (chunk) => {
          buffer += chunk;
          let cut = buffer.indexOf('\n\n');
          while (cut !== -1) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            for (const line of block.split('\n')) {
              if (!line.startsWith('data:')) continue;
              try {
                onData(line.slice(5).trim());
              } catch (error) {
                finish(`bad event: ${error.message}`);
                req.destroy();
                return;
              }
            }
            cut = buffer.indexOf('\n\n');
          }
        });
        res.on('end', () => finish(null));
        res.on('error', (error) => finish(error.message));
      },
    );
    const timer = setTimeout(() => {
      finish(`timeout after ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish(error.code ?? error.message));
    req.end(payload);
  });
}

/** A plain request; resolves with status, body text and the time to the last byte. */
export function request({ url, method = 'GET', body, headers = {}, agent }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const t0 = performance.now();
    const target = new URL(url);
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        agent,
        headers: {
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

/**
 * A closed loop of `concurrency` workers, each sending its next request when the last one
 * ends, until `total` requests were sent or `maxMs` passed. Workers start spread over
 * `staggerMs` so that the streams do not move in lockstep.
 */
export async function closedLoop({ concurrency, total, maxMs, staggerMs = 0, send, onResult }) {
  const results = [];
  let issued = 0;
  const started = performance.now();
  const deadline = started + maxMs;
  const worker = async (index) => {
    if (staggerMs > 0) await new Promise((resolve) => setTimeout(resolve, (index / concurrency) * staggerMs));
    while (issued < total && performance.now() < deadline) {
      issued += 1;
      const result = await send(index);
      results.push(result);
      onResult?.(result, results.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  return { results, elapsedMs: performance.now() - started };
}
