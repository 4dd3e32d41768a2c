/**
 * The knowledge part of the admin API (docs/admin-api.md): sources and the test search. Shared by
 * the routes and the console.
 */
import * as z from 'zod/mini';

const text = (max: number) =>
  z.pipe(
    z.string('must be a string'),
    z.pipe(
      z.transform((v: string) => v.trim()),
      z.string().check(
        z.minLength(1, 'must not be empty'),
        z.maxLength(max, `must be at most ${max} characters`),
        z.refine((v) => !v.includes('\u0000'), 'must not contain the character U+0000'),
      ),
    ),
  );

const webUrl = z.string('must be a string').check(
  z.maxLength(2000, 'must be at most 2000 characters'),
  z.refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address without a user name or password'),
);

export const sourceTypes = ['file', 'url', 'text', 'qa'] as const;
export const sourceStatuses = ['pending', 'indexing', 'ready', 'error'] as const;

/** POST /api/admin/sites/{id}/sources with JSON (a file comes as multipart/form-data instead). */
export const sourceCreate = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), title: text(200), text: text(200_000) }),
  z.strictObject({ type: z.literal('qa'), question: text(500), answer: text(20_000) }),
  z.strictObject({
    type: z.literal('url'),
    url: webUrl,
    crawl: z._default(z.enum(['page', 'sitemap']), 'page'),
    title: z.optional(text(200)),
  }),
]);
export type SourceCreate = z.infer<typeof sourceCreate>;

export const apiSource = z.object({
  id: z.string(),
  type: z.enum(sourceTypes),
  title: z.string(),
  url: z.nullable(z.string()),
  crawl: z.nullable(z.enum(['page', 'sitemap'])),
  status: z.enum(sourceStatuses),
  /** Why the last sync failed (status error), or which pages failed (status ready). */
  error: z.nullable(z.string()),
  chunks: z.number(),
  progress: z.object({ done: z.number(), total: z.number() }),
  syncedAt: z.nullable(z.string()),
  nextSyncAt: z.nullable(z.string()),
  createdAt: z.string(),
});
export type ApiSource = z.infer<typeof apiSource>;

export const sourceList = z.object({
  sources: z.array(apiSource),
  /** How retrieval works on this server: with vectors (EMBEDDING_MODEL set) or full text only. */
  retrieval: z.object({ mode: z.enum(['hybrid', 'full_text']), embeddingModel: z.nullable(z.string()) }),
  /** What the server accepts: KNOWLEDGE_MAX_FILE_MB and KNOWLEDGE_MAX_PAGES. */
  limits: z.optional(z.object({ maxFileMb: z.number(), maxPages: z.number() })),
});

export const sourceCreated = z.object({ id: z.string(), status: z.enum(sourceStatuses) });

/** GET /api/admin/sites/{id}/search?q= */
export const searchQuery = z.object({
  q: text(2000),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 8),
});

export const searchHit = z.object({
  id: z.string(),
  score: z.number(),
  fullTextScore: z.nullable(z.number()),
  vectorScore: z.nullable(z.number()),
  sourceId: z.string(),
  sourceTitle: z.string(),
  title: z.nullable(z.string()),
  heading: z.string(),
  page: z.nullable(z.number()),
  url: z.nullable(z.string()),
  content: z.string(),
});
export const searchResult = z.object({ mode: z.enum(['hybrid', 'full_text']), hits: z.array(searchHit) });
export type SearchResult = z.infer<typeof searchResult>;
