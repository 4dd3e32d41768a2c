import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { knowledgeChunks, knowledgeDocuments, knowledgeFiles, knowledgeSources } from '../schema';

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
 * Chunks matching any of the words (letters and digits only, lib/knowledge/rank.ts), best first:
 * each word that a chunk holds counts by its rarity in the site (inverse document frequency, as in
 * BM25: "warranty" says more than "kettle" in a kettle's manual), plus PostgreSQL's cover density
 * rank for how close together they are.
 */
export async function fullTextChunks(db: Db, siteId: string, words: string[], limit: number): Promise<Ranked[]> {
  if (words.length === 0) return [];
  const list = `{${words.join(',')}}`;
  const any = words.join(' | ');
  const rows = await selectRows<Ranked>(
    db,
    sql`with words as (
          select to_tsquery('simple', w) as q from unnest(${list}::text[]) as w
        ), n as (
          select greatest(coalesce(sum(chunks), 0), 1)::float8 as n from ${knowledgeSources} where site_id = ${siteId}
        ), idf as (
          select words.q, ln(1 + (n.n - df.df + 0.5) / (df.df + 0.5)) as idf
          from words, n, lateral (
            select count(*)::float8 as df from ${knowledgeChunks} c where c.site_id = ${siteId} and c.search @@ words.q
          ) df
        ), hits as (
          select id, search, ts_rank_cd(search, to_tsquery('simple', ${any}), 1) as rank
          from ${knowledgeChunks}
          where site_id = ${siteId} and search @@ to_tsquery('simple', ${any})
        )
        select hits.id, sum(idf.idf) + hits.rank as score
        from hits join idf on hits.search @@ idf.q
        group by hits.id, hits.rank
        order by score desc, hits.id
        limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
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
    sql`select id, 1 - ((embedding::${vector}) <=> ${literal}::${vector}) as score
        from ${knowledgeChunks}
        where site_id = ${siteId} and dims = ${dims} and embedding_model = ${query.model}
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
      `create index if not exists knowledge_chunks_hnsw_${n}_idx on knowledge_chunks
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
    .select({ id: knowledgeChunks.id, embedding: knowledgeChunks.embedding })
    .from(knowledgeChunks)
    .where(and(eq(knowledgeChunks.siteId, siteId), eq(knowledgeChunks.embeddingModel, model)));
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
