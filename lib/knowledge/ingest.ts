import { createHash } from 'node:crypto';
import type { Db } from '@/db/client';
import {
  dropDocuments,
  type NewChunk,
  replaceDocument,
  sourceDocuments,
  sourceFile,
  touchDocument,
} from '@/db/queries/knowledge';
import type { KnowledgeSource } from '@/db/schema';
import type { SiteSettings } from '@/lib/contracts/admin';
import { env } from '@/lib/env';
import { chunkSections } from './chunk';
import { crawlPages, discoverSitemap, fetchPage } from './crawl';
import { embeddingModel, embedTexts } from './embeddings';
import type { Extracted } from './extract';
import { extractMarkdown } from './extract/markdown';
import { extractFileOffThread, extractOffThread } from './extract-thread';
import { defaultUrlTitle } from './titles';

/*
 * One sync of one source: its text, cut into chunks, embedded, and stored in place of what the
 * source held. A web page whose text (and chunking, and model) has not changed is only marked as
 * synced: no embeddings are asked for it again.
 */

export type SyncContext = {
  db: Db;
  settings: Pick<SiteSettings, 'knowledgeChunkTokens' | 'knowledgeChunkOverlap'>;
  /** Called after each document, with the documents done and to do (renews the claim). */
  progress: (done: number, total: number) => Promise<void>;
  /** A new embedding length: pgvector gets an index for it. */
  prepareVectors: (dims: number) => Promise<void>;
  signal?: AbortSignal;
};

export type SyncResult = {
  documents: number;
  failed: number;
  firstError: string | null;
  embedded: number;
  /** A better title for a web page added without one: the page's own. */
  title?: string;
};

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a document's chunks depend on: its text, the way it is cut and the model that embeds it. */
function fingerprint(extracted: Extracted, ctx: SyncContext, model: string | null): string {
  const text = extracted.sections.map(
    (s) => `${s.headings.join('\u0001')}\u0002${s.page ?? ''}\u0002${s.text}`,
  );
  const { knowledgeChunkTokens, knowledgeChunkOverlap } = ctx.settings;
  return sha256(
    `${knowledgeChunkTokens}/${knowledgeChunkOverlap}/${model ?? ''}\u0003${text.join('\u0004')}`,
  );
}

/** Chunks of a document with their embeddings (none without EMBEDDING_MODEL). */
async function chunksOf(title: string | null, extracted: Extracted, ctx: SyncContext): Promise<NewChunk[]> {
  const model = embeddingModel(env());
  const chunks = chunkSections(extracted.sections, {
    maxTokens: ctx.settings.knowledgeChunkTokens,
    overlapTokens: ctx.settings.knowledgeChunkOverlap,
  });
  const rows: NewChunk[] = chunks.map((chunk) => ({
    heading: chunk.headings.join(' › '),
    page: chunk.page,
    content: chunk.text,
    tokens: chunk.tokens,
    embedding: null,
    embeddingModel: null,
  }));
  if (model && rows.length > 0) {
    // The title and headings travel with the text: "Returns" under "Kettles" is about kettles.
    const texts = rows.map((r) => [title, r.heading, r.content].filter(Boolean).join('\n'));
    const vectors = await embedTexts(model, texts, ctx.signal);
    await ctx.prepareVectors(vectors[0].length);
    rows.forEach((row, i) => {
      row.embedding = vectors[i];
      row.embeddingModel = model;
    });
  }
  return rows;
}

type Doc = { url: string | null; title: string | null; extracted: Extracted };

/** Stores a document unless the same text is stored already; true when it was embedded anew. */
type Held = Map<string, { id: string; url: string | null; contentHash: string }>;

async function store(source: KnowledgeSource, doc: Doc, held: Held, ctx: SyncContext) {
  const hash = fingerprint(doc.extracted, ctx, embeddingModel(env()));
  const before = held.get(doc.url ?? '');
  if (before?.contentHash === hash) {
    await touchDocument(ctx.db, before.id);
    return false;
  }
  const chunks = await chunksOf(doc.title ?? source.title, doc.extracted, ctx);
  await replaceDocument(
    ctx.db,
    { siteId: source.siteId, sourceId: source.id, url: doc.url, title: doc.title, contentHash: hash },
    chunks,
  );
  return true;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Syncs one source; throws (with a reason for the owner) when nothing of it could be read. */
export async function syncSource(source: KnowledgeSource, ctx: SyncContext): Promise<SyncResult> {
  const held = new Map((await sourceDocuments(ctx.db, source.id)).map((d) => [d.url ?? '', d]));
  const result: SyncResult = { documents: 0, failed: 0, firstError: null, embedded: 0 };
  const one = async (doc: Doc) => {
    if (await store(source, doc, held, ctx)) result.embedded++;
    result.documents++;
  };
  if (source.type === 'text' || source.type === 'qa') {
    await ctx.progress(0, 1);
    const extracted =
      source.type === 'qa'
        ? { title: source.title, sections: [{ headings: [source.title], text: source.body ?? '' }] }
        : extractMarkdown(source.body ?? '');
    await one({ url: null, title: source.title, extracted });
  } else if (source.type === 'file') {
    await ctx.progress(0, 1);
    const file = await sourceFile(ctx.db, source.id);
    if (!file) throw new Error('The uploaded file is missing; upload it again.');
    const extracted = await extractFileOffThread(file.data, file.name, file.contentType);
    await one({ url: null, title: extracted.title || source.title, extracted });
  } else if (source.crawl === 'sitemap') {
    const urls = await discoverSitemap(source.url ?? '', { maxPages: env().KNOWLEDGE_MAX_PAGES });
    if (urls.length === 0) throw new Error('The sitemap lists no page of this site that Parley may read.');
    let done = 0;
    await ctx.progress(0, urls.length);
    await crawlPages(urls, {
      extract: extractOffThread,
      signal: ctx.signal,
      onPage: async (url, page) => {
        if (page instanceof Error || !page) {
          result.failed++;
          result.firstError ??= `${url}: ${reason(page)}`;
        } else {
          await one({ url: page.url, title: page.title, extracted: page.extracted });
        }
        await ctx.progress(++done, urls.length);
      },
    });
    // Pages the sitemap no longer lists (or that failed and were never stored) are dropped.
    const listed = new Set(urls);
    await dropDocuments(
      ctx.db,
      [...held.values()].filter((d) => !listed.has(d.url ?? '')).map((d) => d.id),
    );
    if (result.documents === 0) throw new Error(`No page could be read. ${result.firstError ?? ''}`.trim());
  } else {
    await ctx.progress(0, 1);
    const page = await fetchPage(source.url ?? '', { extract: extractOffThread, signal: ctx.signal });
    await one({ url: page.url, title: page.title, extracted: page.extracted });
    if (page.title && source.url && source.title === defaultUrlTitle(source.url))
      result.title = page.title.slice(0, 200);
    // A page that now redirects elsewhere replaces the old address's document.
    await dropDocuments(
      ctx.db,
      [...held.entries()].filter(([url]) => url !== page.url).map(([, d]) => d.id),
    );
  }
  await ctx.progress(result.documents + result.failed, result.documents + result.failed);
  return result;
}
