// What is measured on each path: streaming latency at a given concurrency, memory per open
// stream, and (Parley only) the load of a long conversation and the commit-before-token check.
import { randomUUID } from 'node:crypto';
import { closedLoop, request, streamRequest } from './load.mjs';
import { cpuMs, probeMemory, rssKb, treeCpuMs, wasmRssKb } from './procs.mjs';
import { round, summarize } from './stats.mjs';

export const QUESTION = 'Hello! How do I change the delivery address of an order I placed yesterday?';
/** A visitor keeps a conversation for this many messages, then starts a new one. */
const MESSAGES_PER_CONVERSATION = 10;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A path under test: how to send one chat request to it, as worker `index` (a visitor).
 * Parley needs a visitor token per worker (created up front, not timed) and continues that
 * worker's conversation.
 */
export function makePath({ id, label, kind, url, agent, server, dbPid = null }) {
  const workers = [];
  const path = { id, label, kind, url, agent, server, dbPid, workers };
  path.prepare = async (count) => {
    if (kind !== 'parley') return;
    while (workers.length < count) {
      const batch = Math.min(20, count - workers.length);
      const tokens = await Promise.all(
        Array.from({ length: batch }, async () => {
          const res = await request({ url: `${url}/api/visitors`, method: 'POST', agent });
          if (res.status !== 201) throw new Error(`POST /api/visitors answered ${res.status}: ${res.body}`);
          return JSON.parse(res.body.toString()).token;
        }),
      );
      for (const token of tokens) workers.push({ token, conversationId: null, sent: 0 });
    }
  };
  path.send = (index, { content = QUESTION, fresh = false, onEvent } = {}) => {
    if (kind === 'openai') {
      return streamRequest({
        url: `${url}/chat/completions`,
        agent,
        protocol: 'openai',
        body: {
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content }],
          stream: true,
          stream_options: { include_usage: true },
        },
      });
    }
    if (kind === 'reference') {
      return streamRequest({ url: `${url}/api/chat`, agent, protocol: 'parley', body: { content }, onEvent });
    }
    const worker = workers[index];
    const conversationId = fresh ? null : worker.conversationId;
    return streamRequest({
      url: `${url}/api/chat`,
      agent,
      protocol: 'parley',
      headers: { Authorization: `Bearer ${worker.token}` },
      body: { messageId: randomUUID(), content, ...(conversationId ? { conversationId } : {}) },
      onEvent,
    }).then((result) => {
      if (fresh) return result;
      worker.sent += 1;
      const keep = result.ok && result.conversationId && worker.sent < MESSAGES_PER_CONVERSATION;
      worker.conversationId = keep ? result.conversationId : null;
      if (!keep) worker.sent = 0;
      return result;
    });
  };
  return path;
}

function cpuOf(path) {
  return {
    server: path.server ? cpuMs(path.server.pid) : null,
    db: path.dbPid ? treeCpuMs(path.dbPid) : null,
  };
}

/** Latency, gaps, throughput, errors and CPU of a batch of results. */
export function aggregate(results, elapsedMs, cpuBefore, cpuAfter) {
  const ok = results.filter((r) => r.ok);
  const errors = results.filter((r) => !r.ok);
  const gaps = [];
  for (const r of ok) for (const g of r.gaps) gaps.push(g);
  const perReply = (key) =>
    cpuBefore?.[key] !== null && cpuBefore?.[key] !== undefined && ok.length > 0
      ? round((cpuAfter[key] - cpuBefore[key]) / ok.length)
      : null;
  return {
    requests: results.length,
    completed: ok.length,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((r) => r.error))].slice(0, 5),
    ttft: summarize(ok.map((r) => r.ttftMs)),
    gap: summarize(gaps),
    repliesPerSecond: round(ok.length / (elapsedMs / 1000), 1),
    serverCpuMsPerReply: perReply('server'),
    dbCpuMsPerReply: perReply('db'),
    elapsedMs: round(elapsedMs, 0),
  };
}

/** One concurrency level on one path. */
export async function runLevel(path, { concurrency, total, maxMs, staggerMs, content, onProgress }) {
  await path.prepare(concurrency);
  const before = cpuOf(path);
  let errors = 0;
  const { results, elapsedMs } = await closedLoop({
    concurrency,
    total,
    maxMs,
    staggerMs,
    send: (index) => path.send(index, { content }),
    onResult: (result, done) => {
      if (!result.ok) errors += 1;
      onProgress?.(done, errors);
    },
  });
  return { results, elapsedMs, before, after: cpuOf(path) };
}

/**
 * Concurrency 1, interleaved: each path in turn sends `chunk` requests, round after round, so
 * that a slow minute of the machine falls on every path alike.
 */
export async function runInterleavedSingle(paths, { total, chunk, maxMs, content, onProgress }) {
  const acc = new Map(paths.map((p) => [p.id, { results: [], elapsedMs: 0, cpu: null }]));
  const deadline = Date.now() + maxMs;
  for (const path of paths) await path.prepare(1);
  for (let sent = 0; sent < total && Date.now() < deadline; sent += chunk) {
    for (const path of paths) {
      const a = acc.get(path.id);
      const before = cpuOf(path);
      const { results, elapsedMs } = await closedLoop({
        concurrency: 1,
        total: Math.min(chunk, total - sent),
        maxMs: 60_000,
        send: (index) => path.send(index, { content }),
      });
      const after = cpuOf(path);
      a.results.push(...results);
      a.elapsedMs += elapsedMs;
      a.cpu ??= { before: { server: 0, db: 0 }, after: { server: 0, db: 0 } };
      for (const key of ['server', 'db']) {
        if (before[key] !== null) a.cpu.after[key] += after[key] - before[key];
        else a.cpu.before[key] = null;
      }
      onProgress?.(path, a.results.length);
    }
  }
  return new Map(
    paths.map((p) => {
      const a = acc.get(p.id);
      return [p.id, aggregate(a.results, a.elapsedMs, a.cpu.before, a.cpu.after)];
    }),
  );
}

/**
 * Memory per open stream: the server's RSS with `streams` slow answers streaming at once minus
 * its RSS when idle, divided by the streams open. The server first serves as many streams once
 * (so that what grows once, like compiled code and pools, is in the idle figure), and both
 * figures are taken right after a full garbage collection (bench/lib/memory-probe.cjs), so they
 * count what the streams hold rather than garbage not yet collected; the RSS as sampled
 * without a collection is kept too.
 */
export async function memoryPerStream(path, { streams, content, warmContent = QUESTION, onProgress }) {
  await path.prepare(streams);
  await Promise.all(
    Array.from({ length: streams }, (_, index) => path.send(index, { fresh: true, content: warmContent })),
  );
  await sleep(1500);
  const idleRaw = rssKb(path.server.pid);
  const idleWasm = wasmRssKb(path.server.pid);
  const idle = await probeMemory(path.server);
  let open = 0;
  let done = 0;
  const pending = Array.from({ length: streams }, (_, index) =>
    path
      .send(index, {
        content,
        fresh: true,
        onEvent: (event) => {
          if (event.type === 'start') open += 1;
        },
      })
      .then((result) => {
        if (result.status === 200) open -= 1;
        done += 1;
        return result;
      }),
  );
  const deadline = Date.now() + 30_000;
  while (open + done < streams && Date.now() < deadline) {
    onProgress?.(open, done);
    await sleep(100);
  }
  await sleep(500);
  const loadedOpen = open;
  const loadedRaw = rssKb(path.server.pid);
  const loadedWasm = wasmRssKb(path.server.pid);
  const loaded = await probeMemory(path.server);
  const openAfter = open;
  const results = await Promise.all(pending);
  const errors = results.filter((r) => !r.ok);
  // Streams that ended while sampling do not count.
  const held = Math.min(loadedOpen, openAfter);
  const per = (a, b) => (held > 0 ? round((a - b) / 1024 / held, 1) : null);
  return {
    streams,
    held,
    idleRssKb: round(idle.rssAfterGc / 1024, 0),
    loadedRssKb: round(loaded.rssAfterGc / 1024, 0),
    perStreamKb: per(loaded.rssAfterGc, idle.rssAfterGc),
    rawPerStreamKb: per(loadedRaw * 1024, idleRaw * 1024),
    heapPerStreamKb: per(loaded.heapUsed, idle.heapUsed),
    externalPerStreamKb: per(loaded.external, idle.external),
    // The embedded database's WebAssembly heap (PGlite; 0 elsewhere), part of the RSS figure.
    wasmPerStreamKb:
      idleWasm !== null && loadedWasm !== null ? per(loadedWasm * 1024, idleWasm * 1024) : null,
    idle,
    loaded,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((r) => r.error))].slice(0, 5),
  };
}

/**
 * memoryPerStream `rounds` times on the same server; the round in the middle by the figure the
 * budget takes (the larger of RSS and JS heap per stream), with every round's figures. One round's
 * RSS moves with when the allocator hands pages back: three rounds on one server measured 14.9,
 * 123 and 19.7 KB per stream while the JS heap stayed at 117 ± 2 KB.
 */
export async function memoryRounds(path, options, rounds) {
  const all = [];
  for (let i = 0; i < rounds; i++) all.push(await memoryPerStream(path, options));
  const figure = (m) => Math.max(m.perStreamKb ?? 0, m.heapPerStreamKb ?? 0);
  const sorted = [...all].sort((a, b) => figure(a) - figure(b));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  return {
    ...middle,
    errors: all.reduce((n, m) => n + m.errors, 0),
    rounds: all.map((m) => ({
      perStreamKb: m.perStreamKb,
      heapPerStreamKb: m.heapPerStreamKb,
      wasmPerStreamKb: m.wasmPerStreamKb,
      held: m.held,
    })),
  };
}

/**
 * Checks what a client can observe of "the visitor's message is committed before the first
 * token": when the first delta arrives, the conversation read through the API already holds
 * the visitor's message, complete.
 */
export async function commitBeforeFirstToken(path, { tries = 3 } = {}) {
  await path.prepare(1);
  const worker = path.workers[0];
  let passed = 0;
  const failures = [];
  for (let i = 0; i < tries; i++) {
    let check = null;
    let messageId = null;
    let conversationId = null;
    const result = await path.send(0, {
      fresh: true,
      onEvent: (event) => {
        if (event.type === 'start') {
          messageId = event.userMessageId;
          conversationId = event.conversationId;
        }
        if (event.type === 'delta' && !check) {
          check = request({
            url: `${path.url}/api/conversations/${conversationId}`,
            headers: { Authorization: `Bearer ${worker.token}` },
            agent: path.agent,
          });
        }
      },
    });
    const res = await check;
    const body = res && res.status === 200 ? JSON.parse(res.body.toString()) : null;
    const stored = body?.messages.find((m) => m.id === messageId);
    if (result.ok && stored && stored.role === 'user' && stored.status === 'complete') passed += 1;
    else
      failures.push(
        res ? `GET answered ${res.status}, message ${stored ? stored.status : 'absent'}` : 'no delta',
      );
  }
  return { tries, passed, ok: passed === tries, failures };
}

/**
 * A conversation of `messages` messages written through the API: a visitor's question and its
 * answer, `messages / 2` times. Returns what reading it back needs.
 */
export async function seedConversation(path, { messages, words, onProgress }) {
  await path.prepare(1);
  const headers = { Authorization: `Bearer ${path.workers[0].token}` };
  let conversationId = null;
  const content = `${QUESTION} [[ttft 0]] [[gap 0]] [[words ${words}]]`;
  const started = Date.now();
  for (let i = 0; i < messages / 2; i++) {
    const result = await streamRequest({
      url: `${path.url}/api/chat`,
      agent: path.agent,
      protocol: 'parley',
      headers,
      body: { messageId: randomUUID(), content, ...(conversationId ? { conversationId } : {}) },
    });
    if (!result.ok) throw new Error(`seeding the conversation failed: ${result.error}`);
    conversationId = result.conversationId;
    if (i % 25 === 0) onProgress?.(i * 2);
  }
  return { conversationId, headers, seedMs: Date.now() - started, stored: messages };
}

/** Reads the first page of the seeded conversation (`stored` messages in all), `runs` times after 10 untimed. */
export async function readConversation(
  path,
  { conversationId, headers, seedMs, stored },
  { runs, onProgress },
) {
  const url = `${path.url}/api/conversations/${conversationId}`;
  const times = [];
  let bytes = 0;
  let count = 0;
  for (let i = 0; i < runs + 10; i++) {
    const res = await request({ url, headers, agent: path.agent });
    if (res.status !== 200) throw new Error(`GET /api/conversations/{id} answered ${res.status}`);
    if (i >= 10) times.push(res.ms);
    bytes = res.body.length;
    count = JSON.parse(res.body.toString()).messages.length;
    onProgress?.(i + 1, runs + 10);
  }
  return { messages: count, stored, bytes, seedMs, ...summarize(times) };
}
