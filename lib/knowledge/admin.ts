import {
  createSource,
  deleteSource,
  getSource,
  type ListedSource,
  listSources,
  requestSync,
} from '@/db/queries/knowledge';
import { chunkDetails } from '@/db/queries/retrieval';
import type { Runtime } from '@/lib/chat/runtime';
import type { ApiSource, SearchResult, SourceCreate } from '@/lib/contracts/knowledge';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { oneSite } from '@/lib/sites/admin';
import { embeddingModel } from './embeddings';
import { fileKind, SUPPORTED_FILES } from './extract/kinds';
import { defaultUrlTitle } from './titles';

/** The admin API's knowledge: what the routes of /api/admin/sites/{id}/sources and /search do. */

export function apiSource(row: ListedSource): ApiSource {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    url: row.url,
    crawl: row.crawl,
    status: row.status,
    error: row.error,
    chunks: row.chunks,
    progress: { done: row.done, total: row.total },
    syncedAt: row.syncedAt?.toISOString() ?? null,
    nextSyncAt: row.nextSyncAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function siteSources(rt: Runtime, siteId: string) {
  await oneSite(rt.database, siteId);
  const model = embeddingModel(env());
  return {
    sources: (await listSources(rt.db, siteId)).map(apiSource),
    retrieval: { mode: model ? ('hybrid' as const) : ('full_text' as const), embeddingModel: model },
    limits: { maxFileMb: env().KNOWLEDGE_MAX_FILE_MB, maxPages: env().KNOWLEDGE_MAX_PAGES },
  };
}

export async function oneSource(rt: Runtime, siteId: string, id: string): Promise<ApiSource> {
  const row = await getSource(rt.db, siteId, id);
  if (!row) throw new ParleyError('not_found', 'No such source.');
  return apiSource(row);
}

/** A source from JSON: text, a question and its answer, or a web page or sitemap. */
export async function addSource(rt: Runtime, siteId: string, input: SourceCreate) {
  await oneSite(rt.database, siteId);
  const source =
    input.type === 'text'
      ? await createSource(rt.db, siteId, { type: 'text', title: input.title, body: input.text })
      : input.type === 'qa'
        ? await createSource(rt.db, siteId, {
            type: 'qa',
            title: input.question,
            body: `${input.question}\n\n${input.answer}`,
          })
        : await createSource(rt.db, siteId, {
            type: 'url',
            title: input.title ?? defaultUrlTitle(input.url),
            url: input.url,
            crawl: input.crawl,
          });
  rt.indexer.kick();
  return { id: source.id, status: source.status };
}

/** A source from an uploaded file (multipart/form-data, field `file`). */
export async function addFile(rt: Runtime, siteId: string, form: FormData) {
  await oneSite(rt.database, siteId);
  const file = form.get('file');
  if (!(file instanceof File)) {
    throw new ParleyError('invalid_request', 'Send the document in a form field named "file".');
  }
  const max = env().KNOWLEDGE_MAX_FILE_MB * 1024 * 1024;
  if (file.size > max) {
    throw new ParleyError(
      'payload_too_large',
      `The file is over ${env().KNOWLEDGE_MAX_FILE_MB} MB (KNOWLEDGE_MAX_FILE_MB).`,
    );
  }
  if (file.size === 0) throw new ParleyError('invalid_request', 'The file is empty.');
  const name = (file.name || 'document').slice(0, 200);
  const kind = fileKind(name, file.type);
  if (!kind) {
    throw new ParleyError('unsupported_media_type', `Parley reads ${SUPPORTED_FILES} files.`);
  }
  const title = form.get('title');
  const source = await createSource(rt.db, siteId, {
    type: 'file',
    title: typeof title === 'string' && title.trim() ? title.trim().slice(0, 200) : name,
    file: {
      name,
      contentType: kind === 'pdf' ? 'application/pdf' : file.type || 'application/octet-stream',
      data: new Uint8Array(await file.arrayBuffer()),
    },
  });
  rt.indexer.kick();
  return { id: source.id, status: source.status };
}

export async function syncNow(rt: Runtime, siteId: string, id: string): Promise<ApiSource> {
  const row = await requestSync(rt.db, siteId, id);
  if (!row) throw new ParleyError('not_found', 'No such source.');
  rt.indexer.kick();
  return apiSource(row);
}

/** Deletes a source; its chunks stop being retrieved at once, on every instance. */
export async function removeSource(rt: Runtime, siteId: string, id: string): Promise<void> {
  if (!(await deleteSource(rt.db, siteId, id))) throw new ParleyError('not_found', 'No such source.');
  // Its chunks are gone already; the word counts follow in the background.
  await rt.knowledge.changed(siteId);
  void rt.knowledge.recount(siteId);
}

type StoredRetrieval = {
  mode: 'hybrid' | 'full_text';
  chunks: Array<{ id: string; n: number; score: number }>;
};

/**
 * What each answer of a transcript was given, for the console: the retrieved chunks (with their
 * text as it is now; null for a chunk deleted since), and whether the answer cited each.
 */
export async function transcriptRetrieval<M extends { retrieval: unknown; citations: unknown }>(
  rt: Runtime,
  siteId: string,
  messages: M[],
) {
  const ids = messages.flatMap((m) => (m.retrieval as StoredRetrieval | null)?.chunks.map((c) => c.id) ?? []);
  const details = new Map((await chunkDetails(rt.db, siteId, [...new Set(ids)])).map((d) => [d.id, d]));
  return messages.map((m) => {
    const stored = m.retrieval as StoredRetrieval | null;
    const cited = new Set(((m.citations as Array<{ n: number }> | null) ?? []).map((c) => c.n));
    const retrieval = stored && {
      mode: stored.mode,
      chunks: stored.chunks.map((c) => {
        const d = details.get(c.id);
        return {
          id: c.id,
          n: c.n,
          score: c.score,
          cited: cited.has(c.n),
          source: d
            ? {
                sourceId: d.sourceId,
                title: d.documentTitle || d.sourceTitle,
                heading: d.heading,
                page: d.page,
                url: d.url,
                excerpt: d.content.slice(0, 300),
              }
            : null,
        };
      }),
    };
    return { ...m, retrieval };
  });
}

export async function testSearch(
  rt: Runtime,
  siteId: string,
  q: string,
  limit: number,
): Promise<SearchResult> {
  await oneSite(rt.database, siteId);
  const { hits, mode } = await rt.knowledge.search(siteId, q, limit);
  return {
    mode,
    hits: hits.map((h) => ({
      id: h.id,
      score: h.score,
      fullTextScore: h.fullText,
      vectorScore: h.vector,
      sourceId: h.sourceId,
      sourceTitle: h.sourceTitle,
      title: h.documentTitle,
      heading: h.heading,
      page: h.page,
      url: h.url,
      content: h.content,
    })),
  };
}
