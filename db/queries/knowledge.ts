import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import {
  type KnowledgeSource,
  knowledgeChunks,
  knowledgeDocuments,
  knowledgeFiles,
  knowledgeSources,
  knowledgeVectors,
  type SourceType,
} from '../schema';

/*
 * A site's knowledge sources and the work of keeping them indexed. Every query names the site (an
 * owner's scope): a source id of another site is the same as no source.
 */

export type NewSource = {
  type: SourceType;
  title: string;
  url?: string;
  crawl?: 'page' | 'sitemap';
  body?: string;
  file?: { name: string; contentType: string; data: Uint8Array };
};

/**
 * A new source, pending its first sync, with its file: one statement, so that a source never
 * exists without its file (the embedded database's driver has no transactions).
 */
export async function createSource(db: Db, siteId: string, input: NewSource): Promise<KnowledgeSource> {
  const values = {
    siteId,
    type: input.type,
    title: input.title,
    url: input.url ?? null,
    crawl: input.crawl ?? null,
    body: input.body ?? null,
  };
  if (!input.file) {
    const [source] = await db.insert(knowledgeSources).values(values).returning();
    return source;
  }
  const { name, contentType, data } = input.file;
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`with s as (
          insert into ${knowledgeSources} (site_id, type, title, url, crawl, body)
          values (${siteId}, ${input.type}, ${input.title}, null, null, null) returning id
        ), f as (
          insert into ${knowledgeFiles} (source_id, name, content_type, size, data)
          select s.id, ${name}, ${contentType}, ${data.byteLength}, ${data}::bytea from s
        )
        select id from s`,
  );
  return (await getSource(db, siteId, row.id)) as KnowledgeSource;
}

const listed = {
  id: knowledgeSources.id,
  siteId: knowledgeSources.siteId,
  type: knowledgeSources.type,
  title: knowledgeSources.title,
  url: knowledgeSources.url,
  crawl: knowledgeSources.crawl,
  status: knowledgeSources.status,
  error: knowledgeSources.error,
  chunks: knowledgeSources.chunks,
  done: knowledgeSources.done,
  total: knowledgeSources.total,
  syncedAt: knowledgeSources.syncedAt,
  nextSyncAt: knowledgeSources.nextSyncAt,
  createdAt: knowledgeSources.createdAt,
};
export type ListedSource = { [K in keyof typeof listed]: KnowledgeSource[K] };

export async function listSources(db: Db, siteId: string): Promise<ListedSource[]> {
  return db
    .select(listed)
    .from(knowledgeSources)
    .where(eq(knowledgeSources.siteId, siteId))
    .orderBy(asc(knowledgeSources.createdAt), asc(knowledgeSources.id));
}

export async function getSource(db: Db, siteId: string, id: string): Promise<KnowledgeSource | undefined> {
  const [row] = await db
    .select()
    .from(knowledgeSources)
    .where(and(eq(knowledgeSources.id, id), eq(knowledgeSources.siteId, siteId)));
  return row;
}

/** Deletes a source with its documents, chunks and file; false when there is none. */
export async function deleteSource(db: Db, siteId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(knowledgeSources)
    .where(and(eq(knowledgeSources.id, id), eq(knowledgeSources.siteId, siteId)))
    .returning({ id: knowledgeSources.id });
  return rows.length > 0;
}

/** Asks for a sync now; a source already waiting or syncing is left as it is. */
export async function requestSync(db: Db, siteId: string, id: string): Promise<KnowledgeSource | undefined> {
  await db
    .update(knowledgeSources)
    .set({ status: 'pending', error: null, updatedAt: sql`now()` })
    .where(
      and(
        eq(knowledgeSources.id, id),
        eq(knowledgeSources.siteId, siteId),
        inArray(knowledgeSources.status, ['ready', 'error']),
      ),
    );
  return getSource(db, siteId, id);
}

/**
 * Takes the next source to sync for `owner` until `leaseMs` from now: one waiting, one whose
 * claimant's lease ran out (a crash or a restart mid-way), or one due for its scheduled sync.
 * `skip locked` lets instances sharing a PostgreSQL take different sources.
 */
export async function claimSource(
  db: Db,
  owner: string,
  leaseMs: number,
): Promise<KnowledgeSource | undefined> {
  const [row] = await db
    .update(knowledgeSources)
    .set({
      status: 'indexing',
      leaseOwner: owner,
      leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      done: 0,
      total: 0,
      updatedAt: sql`now()`,
    })
    .where(
      eq(
        knowledgeSources.id,
        sql`(select id from ${knowledgeSources}
              where status = 'pending'
                 or (status = 'indexing' and lease_until < now())
                 or (status in ('ready', 'error') and next_sync_at <= now())
              order by (status = 'pending') desc, updated_at
              limit 1 for update skip locked)`,
      ),
    )
    .returning();
  return row;
}

/** Progress of a sync (and a longer lease); false when the claim was lost. */
export async function reportProgress(
  db: Db,
  id: string,
  owner: string,
  progress: { done: number; total: number; leaseMs: number },
): Promise<boolean> {
  const rows = await db
    .update(knowledgeSources)
    .set({
      done: progress.done,
      total: progress.total,
      leaseUntil: sql`now() + ${`${progress.leaseMs} milliseconds`}::interval`,
    })
    .where(and(eq(knowledgeSources.id, id), eq(knowledgeSources.leaseOwner, owner)))
    .returning({ id: knowledgeSources.id });
  return rows.length > 0;
}

/**
 * The end of a sync: ready (with its chunk count, and a warning when some pages failed) or an
 * error a person can read.
 */
export async function finishSync(
  db: Db,
  id: string,
  owner: string,
  end: { status: 'ready' | 'error'; error: string | null; nextSyncAt: Date | null; title?: string },
): Promise<void> {
  await db
    .update(knowledgeSources)
    .set({
      status: end.status,
      error: end.error,
      ...(end.title ? { title: end.title } : {}),
      chunks: sql`(select count(*)::int from ${knowledgeChunks} where source_id = ${id})`,
      leaseOwner: null,
      leaseUntil: null,
      syncedAt: sql`now()`,
      nextSyncAt: end.nextSyncAt,
      updatedAt: sql`now()`,
    })
    .where(and(eq(knowledgeSources.id, id), eq(knowledgeSources.leaseOwner, owner)));
}

/** Sources this instance was syncing go back to the queue (a shutdown, or a claimant that died). */
export async function releaseClaims(db: Db, owner: string): Promise<number> {
  const rows = await db
    .update(knowledgeSources)
    .set({ status: 'pending', leaseOwner: null, leaseUntil: null })
    .where(and(eq(knowledgeSources.status, 'indexing'), eq(knowledgeSources.leaseOwner, owner)))
    .returning({ id: knowledgeSources.id });
  return rows.length;
}

/** The instances holding claims, to release those of instances that are gone. */
export async function claimOwners(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ owner: knowledgeSources.leaseOwner })
    .from(knowledgeSources)
    .where(eq(knowledgeSources.status, 'indexing'));
  return rows.map((r) => r.owner).filter((o): o is string => Boolean(o));
}

export async function sourceFile(db: Db, sourceId: string) {
  const [row] = await db.select().from(knowledgeFiles).where(eq(knowledgeFiles.sourceId, sourceId));
  return row;
}

/** A PDF that answers may cite, for the link under the answer; undefined for anything else. */
export async function citedPdf(db: Db, sourceId: string) {
  const [row] = await db
    .select({ name: knowledgeFiles.name, data: knowledgeFiles.data })
    .from(knowledgeFiles)
    .where(and(eq(knowledgeFiles.sourceId, sourceId), eq(knowledgeFiles.contentType, 'application/pdf')));
  return row;
}

export async function sourceDocuments(db: Db, sourceId: string) {
  return db
    .select({
      id: knowledgeDocuments.id,
      url: knowledgeDocuments.url,
      contentHash: knowledgeDocuments.contentHash,
    })
    .from(knowledgeDocuments)
    .where(eq(knowledgeDocuments.sourceId, sourceId));
}

export type NewChunk = {
  heading: string;
  page?: number;
  content: string;
  tokens: number;
  embedding: number[] | null;
  embeddingModel: string | null;
};

/**
 * A document's new text: the document (one per page URL; one, with the URL '', for a file or a
 * text) and its chunks replace what the source held for it, in one statement, so that retrieval
 * never sees half of it (the embedded database's driver has no transactions). The chunks travel as
 * one JSON parameter, whatever their number.
 */
export async function replaceDocument(
  db: Db,
  input: { siteId: string; sourceId: string; url: string | null; title: string | null; contentHash: string },
  chunks: NewChunk[],
): Promise<void> {
  const rows = chunks.map((chunk, ordinal) => ({
    ordinal,
    heading: chunk.heading,
    page: chunk.page ?? null,
    content: chunk.content,
    tokens: chunk.tokens,
    embedding: chunk.embedding,
    dims: chunk.embedding?.length ?? null,
    model: chunk.embeddingModel,
  }));
  await db.execute(sql`
    with doc as (
      insert into ${knowledgeDocuments} (source_id, url, title, content_hash, synced_at)
      values (${input.sourceId}, ${input.url ?? ''}, ${input.title}, ${input.contentHash}, now())
      on conflict (source_id, url) do update
        set title = excluded.title, content_hash = excluded.content_hash, synced_at = now()
      returning id
    ), gone as (
      delete from ${knowledgeChunks} where document_id in (select id from doc)
    ), v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
        ordinal int, heading text, page int, content text, tokens int, embedding real[], dims int, model text)
    ), added as (
      insert into ${knowledgeChunks} (site_id, source_id, document_id, ordinal, heading, page, content, tokens)
      select ${input.siteId}, ${input.sourceId}, doc.id, v.ordinal, v.heading, v.page, v.content, v.tokens
      from doc, v
      returning id, ordinal
    )
    insert into ${knowledgeVectors} (chunk_id, site_id, model, dims, embedding)
    select added.id, ${input.siteId}, v.model, v.dims, v.embedding
    from added join v on v.ordinal = added.ordinal
    where v.embedding is not null`);
}

/** A page whose text has not changed: only its sync time moves. */
export async function touchDocument(db: Db, id: string): Promise<void> {
  await db.update(knowledgeDocuments).set({ syncedAt: sql`now()` }).where(eq(knowledgeDocuments.id, id));
}

/** Pages that a sitemap no longer lists go, with their chunks. */
export async function dropDocuments(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(knowledgeDocuments).where(inArray(knowledgeDocuments.id, ids));
}

/** Chunks without an embedding by `model` (it changed, or was unset): embedded again in batches. */
export async function staleEmbeddings(db: Db, model: string, limit: number) {
  return selectRows<{ id: string; siteId: string; heading: string; content: string }>(
    db,
    sql`select c.id, c.site_id as "siteId", c.heading, c.content
        from ${knowledgeChunks} c left join ${knowledgeVectors} v on v.chunk_id = c.id
        where v.model is distinct from ${model}
        limit ${limit}`,
  );
}

export async function setEmbedding(
  db: Db,
  chunk: { id: string; siteId: string },
  model: string,
  embedding: number[],
): Promise<void> {
  await db
    .insert(knowledgeVectors)
    .values({ chunkId: chunk.id, siteId: chunk.siteId, model, dims: embedding.length, embedding })
    .onConflictDoUpdate({
      target: knowledgeVectors.chunkId,
      set: { model, dims: embedding.length, embedding },
    });
}
