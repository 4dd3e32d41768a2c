/**
 * Every shape that crosses a boundary (HTTP bodies, SSE events, rows the browser reads), one zod
 * schema each, imported by the route handlers, the queries and the browser client alike.
 * Written with zod/mini, the smaller build of zod: the browser still pays about 20 KB gzipped for its
 * core in Turbopack's bundles (docs/performance.md).
 */
import * as z from 'zod/mini';

/** A BCP 47-ish language tag: a 2–3 letter language, then subtags of 1–8 letters or digits. */
export const LOCALE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
export const localeTag = z
  .string()
  .check(
    z.maxLength(35, 'must be a language tag such as en or pt-BR'),
    z.regex(LOCALE_TAG, 'must be a language tag such as en or pt-BR'),
  );

/** Site ids appear in embed tags and URLs: letters, digits, `_` and `-`, up to 63 characters. */
export const SITE_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/i;
export const siteId = z.string().check(z.regex(SITE_ID, 'must be a site id'));

/** A visitor's bearer token: what `POST /api/visitors` returns (base64url). */
export const VISITOR_TOKEN = /^[A-Za-z0-9_-]{16,256}$/;
export const visitorToken = z.string().check(z.regex(VISITOR_TOKEN, 'must be a visitor token'));

export const id = (message = 'must be a UUID') => z.uuid(message);

export const messageStatuses = ['complete', 'streaming', 'stopped', 'error'] as const;
export const messageRoles = ['user', 'assistant', 'system'] as const;

/** A knowledge source that an answer cited as [n] (docs/knowledge.md). */
export const citation = z.object({
  n: z.number(),
  sourceId: z.string(),
  title: z.string(),
  /** The web page, or the PDF that Parley serves (with #page=N). */
  url: z.optional(z.string()),
  page: z.optional(z.number()),
});
export type Citation = z.infer<typeof citation>;

/** A message as the API returns it (GET /api/conversations/{id}). */
export const apiMessage = z.object({
  id: z.string(),
  role: z.enum(messageRoles),
  content: z.string(),
  status: z.enum(messageStatuses),
  model: z.nullable(z.string()),
  errorCode: z.nullable(z.string()),
  replyTo: z.nullable(z.string()),
  createdAt: z.string(),
  /** The visitor's vote on an answer (POST /api/messages/{id}/feedback), null when none. */
  feedback: z.optional(z.nullable(z.enum(['up', 'down']))),
  /** The sources an answer cited (null when it cited none). */
  citations: z.optional(z.nullable(z.array(citation))),
});
export type ApiMessage = z.infer<typeof apiMessage>;

/** A conversation in the visitor's list. */
export const apiConversationSummary = z.object({
  id: z.string(),
  title: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ApiConversation = z.infer<typeof apiConversationSummary>;

export const conversationList = z.object({ conversations: z.array(apiConversationSummary) });

/** A conversation with a page of its messages, oldest first; `older` asks for the page before. */
export const apiConversation = z.object({
  ...apiConversationSummary.shape,
  messages: z.array(apiMessage),
  older: z.nullable(z.string()),
});

export const PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** GET /api/conversations/{id}?limit=&before= */
export const messagePageQuery = z.object({
  limit: z._default(
    z.coerce.number().check(z.int('must be a whole number'), z.minimum(1), z.maximum(MAX_PAGE_SIZE)),
    PAGE_SIZE,
  ),
  before: z.optional(id('must be the id of a message (the `older` cursor)')),
});
export type ApiConversationDetail = z.infer<typeof apiConversation>;

export const visitorCreated = z.object({ token: visitorToken });

/** The refusal every endpoint answers with. */
export const apiRefusal = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.optional(z.unknown()) }),
});

// The events of the chat stream, one JSON object per SSE `data:` line (docs/api.md).
export const startEvent = z.object({
  type: z.literal('start'),
  conversationId: z.string(),
  userMessageId: z.string(),
  assistantMessageId: z.string(),
});
export const deltaEvent = z.object({ type: z.literal('delta'), text: z.string() });
export const doneEvent = z.object({
  type: z.literal('done'),
  status: z.enum(['complete', 'stopped']),
  model: z.nullable(z.string()),
  citations: z.optional(z.array(citation)),
});
export const errorEvent = z.object({ type: z.literal('error'), code: z.string(), message: z.string() });
export const chatEvent = z.discriminatedUnion('type', [startEvent, deltaEvent, doneEvent, errorEvent]);

export type StartEvent = z.infer<typeof startEvent>;
export type DeltaEvent = z.infer<typeof deltaEvent>;
export type DoneEvent = z.infer<typeof doneEvent>;
export type ErrorEvent = z.infer<typeof errorEvent>;
export type ChatEvent = z.infer<typeof chatEvent>;
export type EndEvent = DoneEvent | ErrorEvent;

/** Between instances (lib/chat/bus.ts): text of a run that starts at offset `at` of its answer. */
export const runPiece = z.object({
  id: z.string(),
  at: z.number().check(z.int(), z.nonnegative()),
  text: z.string(),
});

const content = z.pipe(
  z.string('must be a string'),
  z.pipe(
    z.transform((value: string) => value.trim()),
    z.string().check(
      z.minLength(1, 'must not be empty'),
      // PostgreSQL text cannot hold U+0000: refused here rather than failing the insert.
      z.refine((value) => !value.includes('\u0000'), 'must not contain the character U+0000'),
    ),
  ),
);

/** POST /api/chat */
export const chatRequest = z.object({
  conversationId: z.optional(id()),
  messageId: id('must be a UUID chosen by the client'),
  content,
  locale: z.optional(localeTag),
});
export type ChatRequest = z.input<typeof chatRequest>;

/** POST /api/conversations/{id}/retry */
export const retryRequest = z.object({
  messageId: id('must be the id of the answer to retry'),
  locale: z.optional(localeTag),
});

/**
 * A visitor the host site has signed in (signed identity, docs/embed.md): its user id, the
 * HMAC-SHA256 of that id with the site's identity secret, and what the console may show of them.
 */
export const identifiedUser = z.strictObject({
  id: z
    .string()
    .check(z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters')),
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/i, 'must be the HMAC-SHA256 of the id, in hex')),
  name: z.optional(z.nullable(z.string().check(z.maxLength(200, 'must be at most 200 characters')))),
  email: z.optional(z.nullable(z.string().check(z.maxLength(254, 'must be at most 254 characters')))),
});
export type IdentifiedUserInput = z.infer<typeof identifiedUser>;

/** POST /api/visitors */
export const createVisitorRequest = z.strictObject({
  siteId: z.optional(siteId),
  user: z.optional(identifiedUser),
});

/** POST /api/conversations/{id}/stop */
export const stopResult = z.object({
  messageId: z.nullable(z.string()),
  status: z.nullable(z.string()),
});

/** POST /api/messages/{id}/feedback (the visitor API) */
export const feedbackRequest = z.object({
  rating: z.enum(['up', 'down']),
  comment: z.optional(
    z.nullable(
      z.string().check(
        z.maxLength(2000, 'must be at most 2,000 characters'),
        z.refine((v) => !v.includes('\u0000'), 'must not contain the character U+0000'),
      ),
    ),
  ),
});
