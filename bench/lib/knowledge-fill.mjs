// Knowledge for the benchmark: the app's own modules (bundled on the fly with esbuild, as
// bench/diag/query-timing.mjs does), a synthetic corpus of chunks with the test upstream's hashed
// embeddings, and questions drawn from the same words.
import { hashedEmbedding } from '../../e2e/fake-embeddings.mjs';
import { importApp } from './bundle.mjs';

export const BENCH_MODEL = 'bench-embedding';

export function loadKnowledgeModules() {
  return importApp('knowledge', [
    "export { openPglite, openPostgres } from './db/client';",
    "export { configureEnv } from './lib/env';",
    "export { Knowledge } from './lib/knowledge/knowledge';",
    "export { createSource, replaceDocument } from './db/queries/knowledge';",
    "export * as retrieval from './db/queries/retrieval';",
    "export { createSite, ensureDefaultSite } from './db/queries/sites';",
    "export { sql } from 'drizzle-orm';",
  ]);
}

/** A deterministic random number generator (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  'ka lo mi ne ru sa ti vo ba de fi gu ha je ko lu ma no pe qui ra se to ur vi we xa yo ze'.split(' ');

/** A vocabulary of `size` made-up words; drawn Zipf-like, so some are common and most are rare. */
export function vocabulary(size = 4000, seed = 7) {
  const random = rng(seed);
  const words = new Set();
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  const list = [...words];
  return (random2) => list[Math.min(list.length - 1, Math.floor(list.length * random2() ** 3))];
}

/**
 * Adds chunks `from`..`to` to a site: 500 to a document, written as the indexer writes them
 * (replaceDocument), each about 80 tokens with its embedding.
 */
export async function fillChunks(m, db, siteId, { from, to, word, seed = from + 1 }) {
  const random = rng(seed);
  for (let start = from; start < to; start += 500) {
    const n = Math.min(500, to - start);
    const source = await m.createSource(db, siteId, { type: 'text', title: `Bench ${start}`, body: '' });
    const chunks = Array.from({ length: n }, (_, i) => {
      const heading = `Section ${start + i} ${word(random)}`;
      const content = Array.from({ length: 60 }, () => word(random)).join(' ');
      return {
        heading,
        content,
        tokens: 80,
        embedding: hashedEmbedding(`${heading}\n${content}`),
        embeddingModel: BENCH_MODEL,
      };
    });
    await m.replaceDocument(
      db,
      { siteId, sourceId: source.id, url: null, title: `Bench ${start}`, contentHash: 'bench' },
      chunks,
    );
    await db.execute(
      m.sql`update knowledge_sources set status = 'ready', chunks = ${n}, synced_at = now() where id = ${source.id}`,
    );
  }
}

/** A visitor-like question: a few words of the vocabulary. */
export function question(word, random) {
  return `${Array.from({ length: 7 }, () => word(random)).join(' ')}?`;
}
