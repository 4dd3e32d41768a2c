// The budgets of issues 7 and 11, the console table and the Markdown for docs/performance.md.
import { round } from './stats.mjs';

export const LEVELS = [1, 10, 100, 300];
const PARLEY = ['parley-pglite', 'parley-postgres'];

const fmt = (v, digits = 1) => (v === null || v === undefined ? '—' : Number(v).toFixed(digits));

/** Every budget with its measured value; `ok` false when missed or not measured. */
export function evaluateBudgets(r) {
  const budgets = [];
  const add = (id, text, value, limit, ok, unit = '') =>
    budgets.push({ id, text, value: value ?? null, limit, unit, ok: Boolean(ok) && value !== null });
  const level = (id, c) => r.paths[id]?.levels?.[c];
  const next1 = level('next', 1)?.ttft.p50;
  const nextMem = r.paths.next?.memory;
  const nextPerStream =
    nextMem?.perStreamKb != null && nextMem?.heapPerStreamKb != null
      ? Math.max(nextMem.perStreamKb, nextMem.heapPerStreamKb)
      : null;
  const next100 = level('next', 100)?.ttft.p95;
  for (const id of PARLEY) {
    const label = r.paths[id]?.label ?? id;
    if (!r.paths[id]) {
      add(`${id}:measured`, `${id} was measured`, null, null, false);
      continue;
    }
    const p50 = level(id, 1)?.ttft.p50;
    const added = p50 != null && next1 != null ? round(p50 - next1) : null;
    add(
      `${id}:ttft-c1`,
      `${label}: TTFT p50 at 1 stream at most 1.5 ms above the Next.js route handler`,
      added,
      1.5,
      added !== null && added <= 1.5,
      'ms',
    );
    const commit = r.paths[id].commitBeforeFirstToken;
    add(
      `${id}:commit`,
      `${label}: the visitor's message is stored before the first token`,
      commit ? commit.passed : null,
      commit ? commit.tries : null,
      commit?.ok,
      'checks',
    );
    const p95 = level(id, 100)?.ttft.p95;
    const ratio = p95 != null && next100 ? round(p95 / next100) : null;
    add(
      `${id}:ttft-c100`,
      `${label}: TTFT p95 at 100 streams at most 1.25 × the Next.js route handler's`,
      ratio,
      1.25,
      ratio !== null && ratio <= 1.25,
      '×',
    );
    const c300 = level(id, 300);
    add(
      `${id}:c300`,
      `${label}: 300 concurrent streams complete with no error`,
      c300 ? c300.errors : null,
      0,
      c300 && c300.errors === 0 && c300.completed > 0,
      'errors',
    );
    const mem = r.paths[id].memory;
    // RSS moves with how the allocator hands memory back (a run can even see it fall while 300
    // streams are open), so the budget takes the larger of RSS and live JS heap per stream.
    const perStream =
      mem?.perStreamKb != null && mem?.heapPerStreamKb != null
        ? Math.max(mem.perStreamKb, mem.heapPerStreamKb)
        : null;
    const memLimit = nextPerStream !== null ? round(nextPerStream + 20) : null;
    add(
      `${id}:memory`,
      `${label}: memory per open stream at most the Next.js route's + 20 KB (the larger of RSS and JS heap)`,
      perStream,
      memLimit,
      perStream !== null && memLimit !== null && perStream <= memLimit && mem.errors === 0,
      'KB',
    );
    const conv = r.paths[id].conversation;
    add(
      `${id}:conversation`,
      `${label}: the first page (50 messages) of a 1,000-message conversation in at most 5 ms (p50)`,
      conv?.p50,
      5,
      conv?.p50 != null && conv.p50 <= 5 && conv.messages === 50 && conv.stored === 1000,
      'ms',
    );
  }
  const consoleQueries = r.console ? Object.values(r.console.queries) : [];
  const consoleP95 = consoleQueries.length ? Math.max(...consoleQueries.map((q) => q.p95 ?? Infinity)) : null;
  const consoleErrors = consoleQueries.reduce((n, q) => n + q.errors, 0);
  add(
    'console',
    `The console's list and search at ${r.console?.messages >= 1e6 ? 'a million' : (r.console?.messages ?? 0).toLocaleString('en')} messages on PostgreSQL: p95 at most 100 ms (the slowest query)`,
    consoleP95 !== null ? round(consoleP95) : null,
    100,
    consoleP95 !== null &&
      consoleP95 <= 100 &&
      consoleErrors === 0 &&
      r.console.messages >= (r.meta.mode === 'full' ? 1e6 : 1e5),
    'ms',
  );
  const exported = r.console?.export;
  add(
    'export-memory',
    `Exporting every message of the console's database (${r.console?.messages >= 1e6 ? 'a million' : (r.console?.messages ?? 0).toLocaleString('en')}) as JSON Lines: the server's memory grows at most 64 MB`,
    exported ? exported.rssGrowthMb : null,
    64,
    exported != null &&
      exported.status === 200 &&
      exported.rows === r.console.messages &&
      exported.rssGrowthMb <= 64,
    'MB',
  );
  for (const [kind, label] of [
    ['pglite', 'PGlite'],
    ['postgres', 'PostgreSQL'],
  ]) {
    const added = r.knowledge?.ttft?.[kind]?.addedP50;
    add(
      `knowledge-ttft-${kind}`,
      `Retrieval at 10,000 chunks adds at most 30 ms to time to first token (p50), ${label}`,
      added ?? null,
      30,
      added != null && added <= 30,
      'ms',
    );
  }
  const idle = r.idleMemory?.pgliteKb;
  add(
    'idle-memory',
    'Parley on PGlite holds at most 300 MB right after start (RSS of every process it started)',
    idle != null ? round(idle / 1024) : null,
    300,
    idle != null && idle <= 300 * 1024,
    'MB',
  );
  const errors = Object.values(r.paths).reduce(
    (total, p) =>
      total + Object.values(p.levels ?? {}).reduce((s, l) => s + l.errors, 0) + (p.memory?.errors ?? 0),
    0,
  );
  add('errors', 'No request failed on any path', errors, 0, errors === 0, 'errors');
  add(
    'embed-js',
    'embed.js at most 2,048 bytes gzipped',
    r.embed?.loader?.gzip,
    2048,
    r.embed?.loader?.gzip != null && r.embed.loader.gzip <= 2048,
    'B',
  );
  const page = r.embed?.page;
  add(
    'embed-page-js',
    'The JavaScript of /embed/<siteId> is measured and recorded',
    page?.gzip ?? null,
    null,
    page?.gzip != null,
    'B',
  );
  add(
    'chat-page-js',
    'The JavaScript of the hosted chat (/) is measured and recorded',
    r.embed?.hostedPage?.gzip ?? null,
    null,
    r.embed?.hostedPage?.gzip != null,
    'B',
  );
  return budgets;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Text for Markdown: `<siteId>` would otherwise be read as an HTML tag. */
const md = (text) => String(text).replace(/</g, '&lt;').replace(/>/g, '&gt;');

function markdownTable(headers, rows) {
  const line = (cells) => `| ${cells.map(md).join(' | ')} |`;
  return [line(headers), line(headers.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join(
    '\n',
  );
}

const perLevel = (r, cell) =>
  Object.keys(r.paths).map((id) => [r.paths[id].label, ...LEVELS.map((c) => cell(r.paths[id], c, id))]);

function rowsOf(r) {
  const next1 = r.paths.next?.levels?.[1]?.ttft.p50;
  const ttft = perLevel(r, (p, c) => {
    const t = p.levels?.[c]?.ttft;
    return t ? `${fmt(t.p50)} / ${fmt(t.p95)} / ${fmt(t.p99)}` : '—';
  });
  const gaps = perLevel(r, (p, c) => {
    const g = p.levels?.[c]?.gap;
    return g ? `${fmt(g.p50)} / ${fmt(g.p99)}` : '—';
  });
  const throughput = perLevel(r, (p, c) => {
    const l = p.levels?.[c];
    if (!l) return '—';
    const cpu = l.serverCpuMsPerReply;
    const db = l.dbCpuMsPerReply;
    return `${fmt(l.repliesPerSecond, 0)}${cpu != null ? ` (${fmt(cpu, 2)}${db != null ? ` + ${fmt(db, 2)}` : ''})` : ''}`;
  });
  const other = Object.keys(r.paths).map((id) => {
    const p = r.paths[id];
    const l1 = p.levels?.[1];
    const errors = Object.values(p.levels ?? {}).reduce((s, l) => s + l.errors, 0) + (p.memory?.errors ?? 0);
    return [
      p.label,
      l1 && next1 != null && id !== 'upstream' ? fmt(l1.ttft.p50 - next1, 2) : '—',
      String(errors),
      p.memory
        ? `${fmt(p.memory.perStreamKb)} (${fmt(p.memory.idleRssKb / 1024, 0)} → ${fmt(p.memory.loadedRssKb / 1024, 0)} MB, ${p.memory.held} open)`
        : '—',
      p.memory ? fmt(p.memory.heapPerStreamKb) : '—',
    ];
  });
  return { ttft, gaps, throughput, other };
}

const LEVEL_HEADERS = ['path', ...LEVELS.map((c) => `${c} stream${c > 1 ? 's' : ''}`)];
const OTHER_HEADERS = [
  'path',
  'TTFT p50 − Next.js, 1 stream (ms)',
  'errors',
  'RSS per open stream after GC, KB (idle → loaded)',
  'JS heap per stream, KB',
];

function captions(r) {
  const p = r.meta.profile;
  return {
    ttft: `Time to first token, ms (p50 / p95 / p99). The upstream sends its first token after ${p.ttftMs} ms.`,
    gaps: `Time between chunks as the client receives them, ms (p50 / p99). The upstream sends one every ${p.gapMs} ms.`,
    throughput: `Completed replies per second (server CPU ms per reply + PostgreSQL CPU ms per reply). Answers of ${p.singleWords} tokens at 1 stream, ${p.words} tokens above.`,
  };
}

function disturbance(r) {
  const shares = Object.entries(r.meta.foreignCpu ?? {});
  if (!shares.length) return [];
  const worst = shares.reduce((a, b) => (b[1] > a[1] ? b : a));
  const text = `Other processes used at most ${Math.round(worst[1] * 100)}% of the machine (during "${worst[0]}")`;
  return [
    r.meta.disturbed ? `WARNING: ${text}: the latency figures of that phase are disturbed.` : `${text}.`,
  ];
}

function other(r) {
  const lines = [];
  for (const id of PARLEY) {
    const conv = r.paths[id]?.conversation;
    if (conv) {
      lines.push(
        `${r.paths[id].label}: GET of a ${conv.messages}-message conversation (${fmt(conv.bytes / 1024, 0)} KB): p50 ${fmt(conv.p50, 2)} ms, p95 ${fmt(conv.p95, 2)} ms`,
      );
    }
  }
  if (r.console) {
    const parts = Object.entries(r.console.queries).map(
      ([label, q]) => `${label} ${fmt(q.p50, 1)} / ${fmt(q.p95, 1)}`,
    );
    lines.push(
      `Console on PostgreSQL at ${r.console.messages.toLocaleString('en')} messages, p50 / p95 ms through the admin API: ${parts.join('; ')}`,
    );
    const ex = r.console.export;
    if (ex) {
      lines.push(
        `Export of every message as JSON Lines: ${ex.rows.toLocaleString('en')} rows, ${fmt(ex.megabytes, 1)} MB in ${fmt(ex.seconds, 1)} s; the server held ${ex.rssBeforeMb} MB before and grew ${ex.rssGrowthMb} MB`,
      );
    }
  }
  const k = r.knowledge;
  if (k) {
    for (const [kind, label] of [
      ['pglite', 'PGlite'],
      ['postgres', 'PostgreSQL'],
    ]) {
      const sizes = Object.entries(k.search?.[kind] ?? {});
      if (sizes.length) {
        lines.push(
          `Knowledge search step on ${label} (${k.vectors?.[kind] === 'pgvector' ? 'pgvector HNSW' : "Parley's own exact vector scan"} + full text, the question's embedding included), p50 / p95 ms: ${sizes
            .map(
              ([n, s]) =>
                `${Number(n).toLocaleString('en')} chunks ${fmt(s.p50, 1)} / ${fmt(s.p95, 1)} (first after a change ${fmt(s.firstSearchMs, 0)})`,
            )
            .join('; ')}`,
        );
      }
      const t = k.ttft?.[kind];
      if (t) {
        lines.push(
          `Time to first token on ${label}, a site with 10,000 chunks beside one without: p50 ${fmt(t.with.p50, 1)} vs ${fmt(t.without.p50, 1)} ms (+${fmt(t.addedP50, 1)}), p95 ${fmt(t.with.p95, 1)} vs ${fmt(t.without.p95, 1)} ms`,
        );
      }
      const i = k.ingestion?.[kind];
      if (i) {
        lines.push(
          `Ingestion on ${label}: a ${fmt(i.bytes / 2 ** 20, 2)} MB Markdown file, ${i.chunks} chunks embedded and stored in ${fmt(i.ms / 1000, 1)} s (${fmt(i.mbPerMinute, 2)} MB per minute, ${fmt(i.chunksPerSecond, 0)} chunks per second)`,
        );
      }
    }
    if (k.quality) {
      lines.push(
        `Retrieval quality, ${k.quality.questions} questions on a small shop's help pages (bench/lib/knowledge-corpus.mjs), recall@5: full text only ${fmt(k.quality.fullText.recallAt5 * 100, 0)}%, hybrid ${fmt(k.quality.hybrid.recallAt5 * 100, 0)}% (the test server's embeddings are hashed words, not meaning)`,
      );
    }
  }
  const loader = r.embed?.loader;
  if (loader) lines.push(`embed.js: ${loader.raw ?? '—'} bytes, ${loader.gzip ?? '—'} bytes gzip -9`);
  for (const page of [r.embed?.page, r.embed?.hostedPage]) {
    if (!page) continue;
    lines.push(
      page.gzip != null
        ? `${page.path}: ${page.files} scripts, ${fmt(page.raw / 1024)} KB, ${fmt(page.gzip / 1024)} KB gzip -9 (+ ${fmt(page.inlineGzip / 1024)} KB gzip of inline scripts; ${fmt(page.legacyGzip / 1024)} KB of nomodule polyfills that current browsers skip)`
        : `${page.path}: not measured (${page.message})`,
    );
  }
  for (const [name, logs] of Object.entries(r.serverLogs ?? {})) {
    lines.push(`${name} logged ${logs.count} warnings or errors, first: ${logs.first[0].slice(0, 300)}`);
  }
  return [...lines, ...disturbance(r)];
}

export function consoleReport(r, budgets) {
  const rows = rowsOf(r);
  const cap = captions(r);
  return [
    '',
    cap.ttft,
    table(LEVEL_HEADERS, rows.ttft),
    '',
    cap.gaps,
    table(LEVEL_HEADERS, rows.gaps),
    '',
    cap.throughput,
    table(LEVEL_HEADERS, rows.throughput),
    '',
    table(OTHER_HEADERS, rows.other),
    '',
    ...other(r),
    '',
    'Budgets',
    ...budgets.map(
      (b) =>
        `  ${b.ok ? 'PASS' : 'MISS'}  ${b.text}: ${b.value ?? 'not measured'}${b.unit ? ` ${b.unit}` : ''}${b.limit !== null && b.limit !== undefined ? ` (limit ${b.limit})` : ''}`,
    ),
    '',
  ].join('\n');
}

export function markdownReport(r, budgets) {
  const rows = rowsOf(r);
  const cap = captions(r);
  const m = r.meta;
  return [
    `Run of ${m.date} (${m.mode} mode, ${round(m.durationMs / 1000, 0)} s), commit \`${m.git.commit}\`${m.git.dirty ? ' with local changes' : ''}, production build of ${m.build?.builtAt ?? 'unknown date'}${m.build?.stale ? ' (older than the source)' : ''}.`,
    `Machine: ${m.machine.cpus} × ${m.machine.cpuModel}, ${fmt(m.machine.memoryGb, 0)} GB RAM, ${m.machine.os}, Node.js ${m.machine.node}.`,
    '',
    `**${cap.ttft}**`,
    '',
    markdownTable(LEVEL_HEADERS, rows.ttft),
    '',
    `**${cap.gaps}**`,
    '',
    markdownTable(LEVEL_HEADERS, rows.gaps),
    '',
    `**${cap.throughput}**`,
    '',
    markdownTable(LEVEL_HEADERS, rows.throughput),
    '',
    markdownTable(OTHER_HEADERS, rows.other),
    '',
    ...other(r).map((line) => `- ${md(line)}`),
    '',
    '**Budgets**',
    '',
    markdownTable(
      ['budget', 'measured', 'limit', ''],
      budgets.map((b) => [
        b.text,
        `${b.value ?? 'not measured'}${b.unit ? ` ${b.unit}` : ''}`,
        b.limit ?? '—',
        b.ok ? 'pass' : '**miss**',
      ]),
    ),
  ].join('\n');
}
