import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, freshDatabase } from '@/e2e/support/databases';
import {
  claimSource,
  createSource,
  deleteSource,
  finishSync,
  listSources,
  replaceDocument,
  sourceDocuments,
  sourceFile,
} from './knowledge';
import {
  chunkDetails,
  fullTextChunks,
  pgvectorReady,
  refreshTerms,
  siteEmbeddings,
  vectorChunks,
} from './retrieval';
import { createSite, ensureDefaultSite } from './sites';

describe.each(databaseKinds)('knowledge sources on %s', (kind) => {
  let ctx: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    ctx = await freshDatabase(kind);
    await ensureDefaultSite(ctx.database.db);
    await createSite(ctx.database.db, { id: 'other', name: 'Other', settings: {} });
  });
  afterAll(async () => ctx?.cleanup());

  it('keeps an uploaded file byte for byte, claims it once, and stores its chunks', async () => {
    const db = ctx.database.db;
    const data = new Uint8Array([0, 1, 2, 255, 37, 80, 68, 70]);
    const source = await createSource(db, 'default', {
      type: 'file',
      title: 'manual.pdf',
      file: { name: 'manual.pdf', contentType: 'application/pdf', data },
    });
    expect(Array.from((await sourceFile(db, source.id))?.data ?? [])).toEqual(Array.from(data));
    const claimed = await claimSource(db, 'me', 60_000);
    expect(claimed?.id).toBe(source.id);
    expect(await claimSource(db, 'someone-else', 60_000)).toBeUndefined();
    await replaceDocument(
      db,
      { siteId: 'default', sourceId: source.id, url: null, title: 'Manual', contentHash: 'h1' },
      [
        {
          heading: 'Warranty',
          page: 2,
          content: 'The warranty lasts seven years.',
          tokens: 6,
          embedding: [1, 0, 0],
          embeddingModel: 'm',
        },
        {
          heading: 'Descaling',
          page: 3,
          content: 'Descale every month.',
          tokens: 4,
          embedding: [0, 1, 0],
          embeddingModel: 'm',
        },
      ],
    );
    await finishSync(db, source.id, 'me', { status: 'ready', error: null, nextSyncAt: null });
    const [listed] = await listSources(db, 'default');
    expect(listed).toMatchObject({ status: 'ready', chunks: 2 });
    // Replacing the document again leaves one document, with the new chunks only.
    await replaceDocument(
      db,
      { siteId: 'default', sourceId: source.id, url: null, title: 'Manual', contentHash: 'h2' },
      [
        {
          heading: 'Warranty',
          page: 2,
          content: 'The warranty lasts seven years.',
          tokens: 6,
          embedding: [1, 0, 0],
          embeddingModel: 'm',
        },
      ],
    );
    expect(await sourceDocuments(db, source.id)).toHaveLength(1);
    expect(await siteEmbeddings(db, 'default', 'm')).toEqual([
      { id: expect.any(String), embedding: [1, 0, 0] },
    ]);
  });

  it('finds chunks by words and by vector, within the site only', async () => {
    const db = ctx.database.db;
    expect(await fullTextChunks(db, 'default', ['warranty', 'years'], 5)).toEqual([]);
    await refreshTerms(db, 'default');
    const hits = await fullTextChunks(db, 'default', ['warranty', 'years'], 5);
    expect(hits).toHaveLength(1);
    expect(await fullTextChunks(db, 'other', ['warranty', 'years'], 5)).toEqual([]);
    const [detail] = await chunkDetails(db, 'default', [hits[0].id]);
    expect(detail).toMatchObject({
      heading: 'Warranty',
      page: 2,
      contentType: 'application/pdf',
      sourceTitle: 'manual.pdf',
    });
    expect(await chunkDetails(db, 'other', [hits[0].id])).toEqual([]);
    // The embedded database has pgvector; Debian's PostgreSQL 15 here does not.
    const vectors = await pgvectorReady(db);
    expect(vectors).toBe(kind === 'pglite' ? 'ready' : 'missing');
    if (vectors === 'ready') {
      const near = await vectorChunks(db, 'default', { model: 'm', embedding: [0.9, 0.1, 0] }, 5);
      expect(near[0].id).toBe(hits[0].id);
      expect(await vectorChunks(db, 'other', { model: 'm', embedding: [0.9, 0.1, 0] }, 5)).toEqual([]);
    }
  });

  it('deletes a source with its chunks, and not another site’s', async () => {
    const db = ctx.database.db;
    const [source] = await listSources(db, 'default');
    expect(await deleteSource(db, 'other', source.id)).toBe(false);
    expect(await deleteSource(db, 'default', source.id)).toBe(true);
    expect(await fullTextChunks(db, 'default', ['warranty'], 5)).toEqual([]);
    await refreshTerms(db, 'default');
    expect(await fullTextChunks(db, 'default', ['warranty'], 5)).toEqual([]);
  });
});
