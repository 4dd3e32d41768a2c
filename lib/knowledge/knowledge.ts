import { LRUCache } from 'lru-cache';
import type { Database } from '@/db/client';
import {
  analyzeChunks,
  type ChunkDetail,
  chunkDetails,
  ensureVectorIndex,
  fullTextChunks,
  pgvectorReady,
  type Ranked,
  refreshTerms,
  siteEmbeddings,
  siteHasChunks,
  vectorChunks,
} from '@/db/queries/retrieval';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { embeddingModel, embedQuery } from './embeddings';
import { fuse, questionWords, VectorMatrix } from './rank';

/*
 * A site's knowledge as retrieval sees it, per process: whether the site has any (so that a site
 * without knowledge pays nothing), how vectors are searched (pgvector, or Parley's own exact scan),
 * and the hybrid search itself. A change to a site's sources reaches every instance over
 * LISTEN/NOTIFY and clears what this process held for that site.
 */

const CHANNEL = 'parley_knowledge_changed';
const CANDIDATES = 20;
const QUERY_EMBEDDING_TIMEOUT_MS = 3000;
// Parley's own vector scan reloads a changed site at most this often.
const RELOAD_MS = 2000;

export type SearchHit = ChunkDetail & { score: number; fullText: number | null; vector: number | null };
export type SearchMode = 'hybrid' | 'full_text';

type Matrix = { model: string; matrix: VectorMatrix | null; loadedAt: number; stale: boolean };

/**
 * The nearest chunks that are near enough: the vector side always has a nearest chunk, however
 * unrelated the question. Kept: those at least half as similar as the best one, and above a floor
 * that unrelated text rarely reaches with common embedding models.
 */
export function relevant(vector: Ranked[], floor = 0.1): Ranked[] {
  const best = vector[0]?.score ?? 0;
  return vector.filter((r) => r.score >= Math.max(floor, best / 2));
}

export class Knowledge {
  private readonly present = new LRUCache<string, boolean>({ max: 10_000, ttl: 60_000 });
  // Parley's own vector scan holds a few sites' vectors (the busiest), not every site's.
  private readonly matrices = new LRUCache<string, Matrix>({ max: 32 });
  private readonly indexed = new Set<number>();
  private readonly recounts = new Map<string, { again: boolean; done: Promise<void> }>();
  private vectors: Promise<'pgvector' | 'exact'> | null = null;

  constructor(private readonly database: Database) {}

  get db() {
    return this.database.db;
  }

  async start(): Promise<void> {
    await this.database.listen(CHANNEL, (siteId) => this.forget(siteId));
    if (embeddingModel()) await this.vectorSearch();
  }

  /** How vectors are searched here, decided once (and logged when pgvector is missing). */
  vectorSearch(): Promise<'pgvector' | 'exact'> {
    this.vectors ??= pgvectorReady(this.db).then((state) => {
      if (state === 'ready') return 'pgvector';
      log('warn', 'pgvector_missing', {
        state,
        hint:
          state === 'missing'
            ? 'Install pgvector on the PostgreSQL server (apt install postgresql-15-pgvector, or enable the "vector" extension of a managed service) for indexed vector search; Parley ranks embeddings itself meanwhile.'
            : 'pgvector is installed but this role may not create it: run "create extension vector" as a superuser.',
      });
      return 'exact';
    });
    return this.vectors;
  }

  /**
   * A site's chunks changed (a sync ended, a source was deleted): its word counts are made again
   * (one recount at a time per site; changes meanwhile ask for one more) and the planner's
   * statistics refreshed (the embedded database has no autovacuum), then every instance is told.
   */
  async recount(siteId: string): Promise<void> {
    const running = this.recounts.get(siteId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await refreshTerms(this.db, siteId);
          await analyzeChunks(this.db);
        } while (state.again);
      } catch (error) {
        log('warn', 'knowledge_recount_failed', { siteId, err: error });
      } finally {
        this.recounts.delete(siteId);
      }
      await this.changed(siteId);
    })();
    this.recounts.set(siteId, state);
    return state.done;
  }

  /** A site's sources changed: forget what is held here and tell the other instances. */
  async changed(siteId: string): Promise<void> {
    this.forget(siteId);
    try {
      await this.database.notify(CHANNEL, siteId);
    } catch (error) {
      log('warn', 'knowledge_notify_failed', { siteId, err: error });
    }
  }

  private forget(siteId: string) {
    this.present.delete(siteId);
    const held = this.matrices.get(siteId);
    if (held) held.stale = true;
  }

  async hasKnowledge(siteId: string): Promise<boolean> {
    const known = this.present.get(siteId);
    if (known !== undefined) return known;
    const has = await siteHasChunks(this.db, siteId);
    this.present.set(siteId, has);
    return has;
  }

  /** Chunks of a new embedding length get pgvector's index for it. */
  async prepareVectors(dims: number): Promise<void> {
    if (this.indexed.has(dims) || (await this.vectorSearch()) !== 'pgvector') return;
    try {
      await ensureVectorIndex(this.db, dims);
    } catch (error) {
      // pgvector's HNSW holds at most 2,000 dimensions: longer vectors are scanned exactly.
      log('warn', 'vector_index_failed', { dims, err: error });
    }
    this.indexed.add(dims);
  }

  /** The site's chunks that best match the question: full text and vectors, fused. */
  async search(
    siteId: string,
    question: string,
    limit: number,
  ): Promise<{ hits: SearchHit[]; mode: SearchMode }> {
    const model = embeddingModel(env());
    const words = questionWords(question);
    const [fullText, vector] = await Promise.all([
      fullTextChunks(this.db, siteId, words, CANDIDATES),
      model ? this.nearest(siteId, model, question) : Promise.resolve(null),
    ]);
    const near = vector ? relevant(vector) : null;
    const fused = fuse(near ? [fullText, near] : [fullText], limit);
    const details = new Map(
      (
        await chunkDetails(
          this.db,
          siteId,
          fused.map((r) => r.id),
        )
      ).map((d) => [d.id, d]),
    );
    const scoreIn = (list: Ranked[] | null, id: string) => list?.find((r) => r.id === id)?.score ?? null;
    const hits: SearchHit[] = [];
    for (const { id, score } of fused) {
      const detail = details.get(id);
      if (detail)
        hits.push({ ...detail, score, fullText: scoreIn(fullText, id), vector: scoreIn(vector, id) });
    }
    return { hits, mode: vector ? 'hybrid' : 'full_text' };
  }

  private async nearest(siteId: string, model: string, question: string): Promise<Ranked[] | null> {
    const embedding = await embedQuery(model, question, QUERY_EMBEDDING_TIMEOUT_MS);
    if (!embedding) {
      log('warn', 'query_embedding_failed', { siteId, model });
      return null;
    }
    if ((await this.vectorSearch()) === 'pgvector') {
      return vectorChunks(this.db, siteId, { model, embedding }, CANDIDATES);
    }
    const held = await this.matrix(siteId, model, embedding.length);
    return held ? held.nearest(embedding, CANDIDATES) : [];
  }

  private async matrix(siteId: string, model: string, dims: number): Promise<VectorMatrix | null> {
    const held = this.matrices.get(siteId);
    const fresh =
      held &&
      held.model === model &&
      held.matrix?.dims === dims &&
      (!held.stale || Date.now() - held.loadedAt < RELOAD_MS);
    if (fresh) return held.matrix;
    const rows = await siteEmbeddings(this.db, siteId, model);
    const matrix = new VectorMatrix(dims, rows);
    this.matrices.set(siteId, { model, matrix, loadedAt: Date.now(), stale: false });
    return matrix;
  }
}
