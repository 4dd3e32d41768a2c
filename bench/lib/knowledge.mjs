// Knowledge in `npm run bench` (issue 14): the search step at 1k, 10k and 100k chunks on both
// databases (the app's own code, in this process), what retrieval adds to time to first token at
// 10k chunks (through Parley's server, its site with knowledge beside one without), how fast a
// document is ingested, and recall@5 of a small corpus with full text only and with hybrid search.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashedEmbedding } from '../../e2e/fake-embeddings.mjs';
import { CORPUS } from './knowledge-corpus.mjs';
import {
  BENCH_MODEL,
  fillChunks,
  loadKnowledgeModules,
  question,
  rng,
  vocabulary,
} from './knowledge-fill.mjs';
import { request, streamRequest } from './load.mjs';
import { summarize } from './stats.mjs';

const SITE = 'bench-kb';
const INGEST_SITE = 'bench-ingest';

async function open(m, kind, where) {
  const database = kind === 'pglite' ? await m.openPglite(where) : await m.openPostgres(where);
  await database.migrate();
  const db = database.db;
  await m.ensureDefaultSite(db);
  for (const id of [SITE, INGEST_SITE, 'bench-quality']) {
    await m.createSite(db, { id, name: id, settings: {} });
  }
  return database;
}

async function timeSearches(knowledge, word, runs, seed) {
  const random = rng(seed);
  for (let i = 0; i < 5; i++) await knowledge.search(SITE, question(word, random), 8);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await knowledge.search(SITE, question(word, random), 8);
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

async function dropSearchIndexes(m, db) {
  await db.execute(m.sql`drop index if exists knowledge_chunks_search_idx`);
  await db.execute(m.sql`drop index if exists knowledge_vectors_hnsw_256_idx`);
}

/** The indexes as migration 0005 and ensureVectorIndex create them, with memory enough to build. */
async function buildSearchIndexes(m, db, { onProgress, label, pgvector }) {
  onProgress(`knowledge, ${label}: building the word and vector indexes`);
  await db.execute(m.sql`set maintenance_work_mem = '512MB'`);
  await db.execute(
    m.sql`create index knowledge_chunks_search_idx on knowledge_chunks using gin (search) with (fastupdate = false)`,
  );
  if (pgvector) {
    await db.execute(m.sql`create index knowledge_vectors_hnsw_256_idx on knowledge_vectors
      using hnsw ((embedding::vector(256)) vector_cosine_ops) where dims = 256`);
  }
  await db.execute(m.sql`reset maintenance_work_mem`);
  await db.execute(m.sql`analyze knowledge_chunks`);
  await db.execute(m.sql`analyze knowledge_vectors`);
}

/** Fills to `size` chunks, counts the words as a sync would, and times the search step. */
async function step(m, database, knowledge, { from, size, word, runs, onProgress, label }) {
  onProgress(`knowledge, ${label}: writing chunks ${from}–${size}`);
  const t0 = Date.now();
  // A bulk load, as a restore would do it: the word and vector indexes are built after the rows.
  // Row by row, PGlite's HNSW takes about 6 ms a chunk (10 minutes for 90,000); built at the end,
  // about a minute. Searches are timed only once both indexes exist again.
  const bulk = size - from > 20_000;
  if (bulk) await dropSearchIndexes(m, database.db);
  await fillChunks(m, database.db, SITE, { from, to: size, word });
  if (bulk) {
    const pgvector = (await knowledge.vectorSearch()) === 'pgvector';
    await buildSearchIndexes(m, database.db, { onProgress, label, pgvector });
  }
  if (from === 0) await knowledge.prepareVectors(256);
  await knowledge.recount(SITE);
  const fillMs = Date.now() - t0;
  onProgress(`knowledge, ${label}: searching ${size} chunks`);
  const first = performance.now();
  await knowledge.search(SITE, 'first question after a change', 8);
  const firstMs = performance.now() - first;
  return {
    fillMs,
    firstSearchMs: Math.round(firstMs * 100) / 100,
    ...(await timeSearches(knowledge, word, runs, size)),
  };
}

/** Time to first token, alternating a site without knowledge and one with 10k chunks. */
async function ttftWithKnowledge(url, { runs, word }) {
  const token = async (siteId) => {
    const res = await request({ url: `${url}/api/visitors`, method: 'POST', body: { siteId } });
    if (res.status !== 201) throw new Error(`POST /api/visitors (${siteId}) answered ${res.status}`);
    return JSON.parse(res.body.toString()).token;
  };
  const sites = { without: await token('default'), with: await token(SITE) };
  const samples = { without: [], with: [] };
  const random = rng(99);
  for (let i = 0; i < runs + 5; i++) {
    const content = `${question(word, random)} [[words 4]]`;
    for (const key of i % 2 ? ['with', 'without'] : ['without', 'with']) {
      const result = await streamRequest({
        url: `${url}/api/chat`,
        protocol: 'parley',
        headers: { Authorization: `Bearer ${sites[key]}` },
        body: { messageId: randomUUID(), content },
      });
      if (!result.ok) throw new Error(`a chat with knowledge failed: ${result.error ?? result.status}`);
      if (i >= 5) samples[key].push(result.ttftMs);
    }
  }
  const without = summarize(samples.without);
  const withKnowledge = summarize(samples.with);
  return {
    without,
    with: withKnowledge,
    addedP50: Math.round((withKnowledge.p50 - without.p50) * 100) / 100,
  };
}

/** A Markdown document of about `bytes`, sections of made-up prose, uploaded and synced. */
async function ingest(url, token, { bytes, word }) {
  const random = rng(5);
  let text = '# Bench handbook\n\n';
  for (let s = 0; text.length < bytes; s++) {
    text += `## Section ${s} ${word(random)}\n\n`;
    for (let p = 0; p < 4; p++) text += `${Array.from({ length: 60 }, () => word(random)).join(' ')}.\n\n`;
  }
  const form = new FormData();
  form.set('file', new Blob([text], { type: 'text/markdown' }), 'handbook.md');
  const headers = { authorization: `Bearer ${token}` };
  const t0 = Date.now();
  const created = await fetch(`${url}/api/admin/sites/${INGEST_SITE}/sources`, {
    method: 'POST',
    headers,
    body: form,
  });
  if (created.status !== 202) throw new Error(`upload answered ${created.status}: ${await created.text()}`);
  const { id } = await created.json();
  for (;;) {
    const { source } = await (
      await fetch(`${url}/api/admin/sites/${INGEST_SITE}/sources/${id}`, { headers })
    ).json();
    if (source.status === 'ready' || source.status === 'error') {
      const ms = Date.now() - t0;
      if (source.status === 'error') throw new Error(`ingestion failed: ${source.error}`);
      return {
        bytes: text.length,
        chunks: source.chunks,
        ms,
        mbPerMinute: Math.round((text.length / 2 ** 20 / (ms / 60_000)) * 100) / 100,
        chunksPerSecond: Math.round((source.chunks / (ms / 1000)) * 10) / 10,
      };
    }
    if (Date.now() - t0 > 300_000) throw new Error('ingestion did not finish in 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Recall@5 of the corpus's questions, full text only and hybrid. */
async function quality(m, database, knowledge, env) {
  const db = database.db;
  for (const entry of CORPUS) {
    const source = await m.createSource(db, 'bench-quality', {
      type: 'text',
      title: entry.title,
      body: entry.text,
    });
    entry.sourceId = source.id;
    await m.replaceDocument(
      db,
      { siteId: 'bench-quality', sourceId: source.id, url: null, title: entry.title, contentHash: 'q' },
      [
        {
          heading: entry.title,
          content: entry.text,
          tokens: 60,
          embedding: hashedEmbedding(`${entry.title}\n${entry.title}\n${entry.text}`),
          embeddingModel: BENCH_MODEL,
        },
      ],
    );
    await db.execute(
      m.sql`update knowledge_sources set status = 'ready', chunks = 1 where id = ${source.id}`,
    );
  }
  await knowledge.recount('bench-quality');
  const recall = async () => {
    let found = 0;
    const misses = [];
    for (const entry of CORPUS) {
      const { hits } = await knowledge.search('bench-quality', entry.question, 5);
      if (hits.some((h) => h.sourceId === entry.sourceId)) found++;
      else misses.push(entry.question);
    }
    return { recallAt5: Math.round((found / CORPUS.length) * 1000) / 1000, misses };
  };
  const hybrid = await recall();
  m.configureEnv({ ...env, EMBEDDING_MODEL: '' });
  const fullText = await recall();
  m.configureEnv(env);
  return { questions: CORPUS.length, fullText, hybrid };
}

export async function measureKnowledge({
  upstreamUrl,
  createPostgresDatabase,
  startParley,
  quick,
  onProgress,
}) {
  const m = await loadKnowledgeModules();
  const env = {
    OPENAI_BASE_URL: upstreamUrl,
    OPENAI_API_KEY: 'bench',
    EMBEDDING_MODEL: BENCH_MODEL,
    LOG_LEVEL: 'error',
  };
  m.configureEnv(env);
  const word = vocabulary();
  const sizes = quick ? [1000, 10000] : [1000, 10000, 100000];
  const runs = quick ? 20 : 60;
  const adminToken = `bench-knowledge-${randomUUID()}`;
  const out = { sizes, search: {}, vectors: {}, ttft: {}, ingestion: {}, quality: null };
  for (const kind of ['pglite', 'postgres']) {
    const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    const dataDir = kind === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'parley-bench-kb-')) : null;
    const where = kind === 'pglite' ? dataDir : await createPostgresDatabase('parley_kb');
    if (!where) continue;
    let database = await open(m, kind, where);
    let knowledge = new m.Knowledge(database);
    out.vectors[kind] = await knowledge.vectorSearch();
    out.search[kind] = {};
    let have = 0;
    for (const size of sizes) {
      out.search[kind][size] = await step(m, database, knowledge, {
        from: have,
        size,
        word,
        runs,
        onProgress,
        label,
      });
      have = size;
      onProgress(`knowledge, ${label}: ${size} chunks, search p50 ${out.search[kind][size].p50} ms`, true);
      if (size !== 10000) continue;
      if (kind === 'pglite' && !out.quality) out.quality = await quality(m, database, knowledge, env);
      // Through the server, at 10k chunks: the embedded database is handed over to it.
      await database.close();
      const server = await startParley({
        upstreamUrl,
        ...(kind === 'pglite' ? { dataDir } : { databaseUrl: where }),
        env: { EMBEDDING_MODEL: BENCH_MODEL, ADMIN_API_TOKEN: adminToken },
      });
      try {
        onProgress(`knowledge, ${label}: time to first token with 10k chunks`, true);
        out.ttft[kind] = await ttftWithKnowledge(server.url, { runs: quick ? 20 : 60, word });
        onProgress(`knowledge, ${label}: ingesting a document`, true);
        out.ingestion[kind] = await ingest(server.url, adminToken, {
          bytes: quick ? 256 * 1024 : 1024 * 1024,
          word,
        });
      } finally {
        await server.stop();
      }
      database = kind === 'pglite' ? await m.openPglite(dataDir) : await m.openPostgres(where);
      knowledge = new m.Knowledge(database);
    }
    await database.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}
