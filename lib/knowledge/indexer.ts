import type { Database } from '@/db/client';
import {
  claimOwners,
  claimSource,
  finishSync,
  releaseClaims,
  reportProgress,
  setEmbedding,
  staleEmbeddings,
} from '@/db/queries/knowledge';
import type { KnowledgeSource } from '@/db/schema';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { loadSite } from '@/lib/sites/config';
import { embeddingModel, embedTexts } from './embeddings';
import type { Knowledge } from './knowledge';

/*
 * The background work of knowledge, on every instance: take a source that waits (or whose
 * claimant died, or whose scheduled sync is due), sync it, mark it ready or failed. Two at a time,
 * so a 500-page sitemap does not hold up a small upload. A claim is a lease in the database, so a
 * restart (or a crash: the lease runs out) picks the work up again, and instances sharing one
 * PostgreSQL never sync the same source at once.
 */

const LEASE_MS = 60_000;
const POLL_MS = 5_000;
const CONCURRENCY = 2;
const REEMBED_EVERY_MS = 60 * 60_000;

export class Indexer {
  private running = 0;
  private timer: NodeJS.Timeout | null = null;
  private reembedTimer: NodeJS.Timeout | null = null;
  private readonly stopping = new AbortController();
  private readonly active = new Set<Promise<void>>();

  constructor(
    private readonly database: Database,
    private readonly knowledge: Knowledge,
  ) {}

  private get db() {
    return this.database.db;
  }

  async start(): Promise<void> {
    // Claims of instances that are gone go back to the queue now rather than when their lease ends.
    for (const owner of await claimOwners(this.db)) {
      if (!(await this.database.isInstanceAlive(owner))) await releaseClaims(this.db, owner);
    }
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.reembedTimer = setInterval(() => void this.reembed(), REEMBED_EVERY_MS);
    this.reembedTimer.unref();
    this.kick();
    void this.reembed();
  }

  /** Looks for work now (a source was added or asked to sync). */
  kick(): void {
    while (this.running < CONCURRENCY && !this.stopping.signal.aborted) {
      this.running++;
      const work = this.next()
        .catch((error) => log('error', 'knowledge_sync_failed', { err: error }))
        .finally(() => {
          this.running--;
          this.active.delete(work);
        });
      // One claim per free slot; a slot that found nothing waits for the next poll.
      this.active.add(work);
    }
  }

  /** Stops taking work and gives back the sources under way (picked up again at the next start). */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearInterval(this.timer);
    if (this.reembedTimer) clearInterval(this.reembedTimer);
    await Promise.race([
      Promise.allSettled([...this.active]),
      new Promise((r) => setTimeout(r, 2000).unref()),
    ]);
    await releaseClaims(this.db, this.database.instanceId).catch(() => {});
  }

  private async next(): Promise<void> {
    const source = await claimSource(this.db, this.database.instanceId, LEASE_MS);
    if (!source) return;
    await this.sync(source);
    // There may be more: look again at once.
    queueMicrotask(() => this.kick());
  }

  private async sync(source: KnowledgeSource): Promise<void> {
    const owner = this.database.instanceId;
    const started = Date.now();
    const site = await loadSite(this.db, source.siteId);
    let status: 'ready' | 'error' = 'ready';
    let error: string | null = null;
    let title: string | undefined;
    try {
      if (!site) throw new Error('The site no longer exists.');
      // Loaded at the first sync: the tokenizer and the crawler are not held by an idle server.
      const { syncSource } = await import('./ingest');
      const result = await syncSource(source, {
        db: this.db,
        settings: site.settings,
        signal: this.stopping.signal,
        prepareVectors: (dims) => this.knowledge.prepareVectors(dims),
        progress: async (done, total) => {
          if (!(await reportProgress(this.db, source.id, owner, { done, total, leaseMs: LEASE_MS }))) {
            throw new Error('The sync was taken over by another instance.');
          }
        },
      });
      title = result.title;
      if (result.failed > 0) {
        error = `${result.failed} of ${result.failed + result.documents} pages could not be read; the first: ${result.firstError}`;
      }
      log('info', 'knowledge_synced', {
        sourceId: source.id,
        siteId: source.siteId,
        documents: result.documents,
        embedded: result.embedded,
        failed: result.failed,
        ms: Date.now() - started,
      });
    } catch (failure) {
      if (this.stopping.signal.aborted) return; // given back by stop()
      status = 'error';
      error = failure instanceof Error ? failure.message : String(failure);
      log('warn', 'knowledge_source_failed', { sourceId: source.id, siteId: source.siteId, reason: error });
    }
    // The word counts first: a source that reads ready is searchable in full.
    await this.knowledge.recount(source.siteId);
    const hours = env().KNOWLEDGE_SYNC_HOURS;
    const scheduled = source.type === 'url' && hours > 0;
    await finishSync(this.db, source.id, owner, {
      status,
      error,
      title,
      nextSyncAt: scheduled ? new Date(Date.now() + hours * 3_600_000) : null,
    });
  }

  /** Chunks embedded by another model than EMBEDDING_MODEL (it changed) are embedded again. */
  private async reembed(): Promise<void> {
    const model = embeddingModel();
    if (!model) return;
    try {
      for (;;) {
        if (this.stopping.signal.aborted) return;
        const stale = await staleEmbeddings(this.db, model, 64);
        if (stale.length === 0) return;
        const vectors = await embedTexts(
          model,
          stale.map((c) => [c.heading, c.content].filter(Boolean).join('\n')),
          this.stopping.signal,
        );
        await this.knowledge.prepareVectors(vectors[0].length);
        for (const [i, chunk] of stale.entries()) await setEmbedding(this.db, chunk, model, vectors[i]);
      }
    } catch (error) {
      log('warn', 'knowledge_reembed_failed', { model, err: error });
    }
  }
}
