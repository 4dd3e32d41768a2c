import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import {
  knowledgeChunks,
  knowledgeDocuments,
  knowledgeFiles,
  knowledgeSources,
  knowledgeTerms,
  knowledgeVectors,
} from '../schema';

/*
 * The reads of retrieval (lib/knowledge/retrieve.ts): full-text and vector candidates of one site,
 * then the details of the chunks that were chosen. Deleted sources take their chunks with them (a
 * cascade), so a chunk id of a source deleted since it was ranked is simply not found here.
 */

export type Ranked = { id: string; score: number };

/** Whether a site has any chunk at all: a site without knowledge skips retrieval. */
export async function siteHasChunks(db: Db, siteId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.siteId, siteId))
    .limit(1);
  return rows.length > 0;
}

/**
 * Counts again how many of a site's chunks hold each word (after a sync or a deletion): one
 * statement, so that retrieval sees the old counts or the new ones, never none.
 */
export async function refreshTerms(db: Db, siteId: string): Promise<void> {
  await db.execute(sql`
    with fresh as (
      select word, ndoc from ts_stat(format('select search from knowledge_chunks where site_id = %L', ${siteId}::text))
    ), up as (
      insert into ${knowledgeTerms} (site_id, word, df) select ${siteId}, word, ndoc from fresh
      on conflict (site_id, word) do update set df = excluded.df
    )
    delete from ${knowledgeTerms} t
    where t.site_id = ${siteId} and not exists (select 1 from fresh where fresh.word = t.word)`);
}

/** Fresh planner statistics for the chunks (PGlite has no autovacuum; after a bulk sync they are stale). */
export async function analyzeChunks(db: Db): Promise<void> {
  await db.execute(sql`analyze knowledge_chunks, knowledge_vectors`);
  // Entries waiting in the text index's pending list are read by every search until merged.
  await db.execute(sql`select gin_clean_pending_list('knowledge_chunks_search_idx'::regclass)`);
}

/** At most about this many chunks are ranked by full text for one question. */
const CANDIDATE_ROWS = 600;

/**
 * Chunks matching the words (letters and digits only, lib/knowledge/rank.ts), best first, scored by
 * the rarity of the words each holds (the inverse document frequency of BM25: in a kettle's manual
 * "warranty" says more than "kettle"), from the counts kept in knowledge_terms. Each word is looked
 * up in the text index on its own and the scores are summed, so no chunk's text is read again; the
 * rarest words first, and common ones only while the chunks to rank stay under CANDIDATE_ROWS (a word
 * that most chunks hold would make each of them a candidate for a small share of the score).
 */
export async function fullTextChunks(
  db: Db,
  siteId: string,
  words: string[],
  limit: number,
): Promise<Ranked[]> {
  if (words.length === 0) return [];
  const counts = await selectRows<{ word: string; df: number; n: number }>(
    db,
    sql`select t.word, t.df,
          (select greatest(coalesce(sum(chunks), 0), 1)::int from ${knowledgeSources} where site_id = ${siteId}) as n
        from ${knowledgeTerms} t
        where t.site_id = ${siteId} and t.word = any(${`{${words.join(',')}}`}::text[])
        order by t.df, t.word`,
  );
  if (counts.length === 0) return [];
  const n = Math.max(...counts.map((c) => Number(c.n)), ...counts.map((c) => Number(c.df)));
  const branches: SQL[] = [];
  let rows = 0;
  for (const c of counts) {
    const df = Number(c.df);
    if (branches.length > 0 && rows + df > CANDIDATE_ROWS) break;
    rows += df;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    // Each branch's own limit also keeps PostgreSQL from planning parallel workers, whose start
    // (25-45 ms on two cores) would cost fifty times the search (measured at 10,000 chunks).
    branches.push(
      sql`(select id, ${idf}::float8 as idf from ${knowledgeChunks}
          where site_id = ${siteId} and search @@ to_tsquery('simple', ${c.word}) limit ${CANDIDATE_ROWS})`,
    );
  }
  const ranked = await selectRows<Ranked>(
    db,
    sql`select id, sum(idf) as score from (${sql.join(branches, sql` union all `)}) m
        group by id order by score desc, id limit ${limit}`,
  );
  return ranked.map((r) => ({ id: r.id, score: Number(r.score) }));
}

/** pgvector's nearest chunks by cosine distance (an HNSW index per dimension, lib/knowledge/vectors.ts). */
export async function vectorChunks(
  db: Db,
  siteId: string,
  query: { model: string; embedding: number[] },
  limit: number,
): Promise<Ranked[]> {
  const dims = dimsOf(query.embedding);
  const literal = `[${query.embedding.join(',')}]`;
  const vector = sql.raw(`vector(${dims})`);
  const rows = await selectRows<Ranked>(
    db,
    sql`select chunk_id as id, 1 - ((embedding::${vector}) <=> ${literal}::${vector}) as score
        from ${knowledgeVectors}
        where site_id = ${siteId} and dims = ${dims} and model = ${query.model}
        order by (embedding::${vector}) <=> ${literal}::${vector}
        limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
}

/** The index pgvector's search uses for one embedding length (created when a length first appears). */
export async function ensureVectorIndex(db: Db, dims: number): Promise<void> {
  const n = dimsOf(dims);
  await db.execute(
    sql.raw(
      `create index if not exists knowledge_vectors_hnsw_${n}_idx on knowledge_vectors
       using hnsw ((embedding::vector(${n})) vector_cosine_ops) where dims = ${n}`,
    ),
  );
}

/** Whether this database has pgvector; tries to create it when the server offers it. */
export async function pgvectorReady(db: Db): Promise<'ready' | 'missing' | 'not_permitted'> {
  const [row] = await selectRows<{ installed: boolean; available: boolean }>(
    db,
    sql`select exists(select 1 from pg_extension where extname = 'vector') as installed,
               exists(select 1 from pg_available_extensions where name = 'vector') as available`,
  );
  if (row?.installed) return 'ready';
  if (!row?.available) return 'missing';
  try {
    await db.execute(sql`create extension if not exists vector`);
    return 'ready';
  } catch {
    return 'not_permitted';
  }
}

/** Every embedding of a site made by `model` (Parley's own exact scan, without pgvector). */
export async function siteEmbeddings(db: Db, siteId: string, model: string) {
  return db
    .select({ id: knowledgeVectors.chunkId, embedding: knowledgeVectors.embedding })
    .from(knowledgeVectors)
    .where(and(eq(knowledgeVectors.siteId, siteId), eq(knowledgeVectors.model, model)));
}

export type ChunkDetail = {
  id: string;
  content: string;
  heading: string;
  page: number | null;
  tokens: number;
  sourceId: string;
  sourceType: string;
  sourceTitle: string;
  documentTitle: string | null;
  url: string | null;
  /** The file's type, for a file source (a PDF is served for its citations). */
  contentType: string | null;
};

/** The chosen chunks with what a citation shows, of this site only. */
export async function chunkDetails(db: Db, siteId: string, ids: string[]): Promise<ChunkDetail[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: knowledgeChunks.id,
      content: knowledgeChunks.content,
      heading: knowledgeChunks.heading,
      page: knowledgeChunks.page,
      tokens: knowledgeChunks.tokens,
      sourceId: knowledgeChunks.sourceId,
      sourceType: knowledgeSources.type,
      sourceTitle: knowledgeSources.title,
      documentTitle: knowledgeDocuments.title,
      url: sql<string | null>`nullif(${knowledgeDocuments.url}, '')`,
      contentType: knowledgeFiles.contentType,
    })
    .from(knowledgeChunks)
    .innerJoin(knowledgeSources, eq(knowledgeSources.id, knowledgeChunks.sourceId))
    .innerJoin(knowledgeDocuments, eq(knowledgeDocuments.id, knowledgeChunks.documentId))
    .leftJoin(knowledgeFiles, eq(knowledgeFiles.sourceId, knowledgeChunks.sourceId))
    .where(and(eq(knowledgeChunks.siteId, siteId), inArray(knowledgeChunks.id, ids)));
}

function dimsOf(value: number | number[]): number {
  const n = Array.isArray(value) ? value.length : value;
  if (!Number.isInteger(n) || n < 1 || n > 16000) throw new Error(`unexpected embedding length ${n}`);
  return n;
}
