import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const sites = pgTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** What owners set in the console (lib/sites/settings.ts); what is not here comes from the environment. */
  settings: jsonb('settings').notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** The site a row belongs to; deleting the site deletes its rows. */
const siteRef = () =>
  text('site_id')
    .notNull()
    .references(() => sites.id, { onDelete: 'cascade' });

export const visitors = pgTable(
  'visitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteRef(),
    // Only a SHA-256 hash of the bearer token is kept: a leaked table grants no access. An
    // identified visitor's tokens (one per browser) are in visitor_tokens; this one is never given.
    tokenHash: text('token_hash').notNull().unique(),
    /** The host site's id of a signed-in visitor (signed identity, docs/embed.md); null when anonymous. */
    externalId: text('external_id'),
    name: text('name'),
    email: text('email'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('visitors_site_idx').on(t.siteId),
    uniqueIndex('visitors_site_external_idx').on(t.siteId, t.externalId),
  ],
);

/** The bearer tokens of identified visitors: one per browser that proved who they are. */
export const visitorTokens = pgTable(
  'visitor_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('visitor_tokens_visitor_idx').on(t.visitorId)],
);

/**
 * The secrets a site's server signs its visitors' ids with (HMAC-SHA256). The current one has no
 * end; after a rotation the previous ones keep working until `expires_at` (the owner's grace).
 */
export const identitySecrets = pgTable(
  'identity_secrets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteRef(),
    secret: text('secret').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('identity_secrets_site_idx').on(t.siteId)],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteRef(),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    title: text('title'),
    // The Assistants API thread this conversation was imported from, if any.
    threadId: text('thread_id'),
    locale: text('locale'),
    /**
     * Every word of the conversation's finished messages, without positions (strip()): what the
     * console's search asks first, so that it walks conversations, not their messages (db/queries/
     * console-search.ts). Kept by triggers on chat_messages (migration 0007): a message's words are
     * added when it is stored finished or when it finishes.
     */
    search: tsvector('search').notNull().default(sql`''::tsvector`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('conversations_search_idx').using('gin', t.search),
    index('conversations_visitor_updated_idx').on(t.visitorId, t.updatedAt),
    index('conversations_site_updated_idx').on(t.siteId, t.updatedAt),
    index('conversations_updated_idx').on(t.updatedAt, t.id),
    index('conversations_thread_idx').on(t.threadId),
  ],
);

/**
 * What the console's search matches (db/queries/console.ts), a stored column (a stored tsvector makes the index's recheck cheap: measured 10× faster than an expression index at a million messages): the 'simple' configuration (no
 * language's stemming, so that one index serves all 13 languages; the search matches word
 * prefixes instead), with Han, kana and Hangul, which are written without spaces, indexed a
 * character at a time so that a phrase of them matches anywhere in a sentence.
 */
export const SEARCH_CJK = String.raw`[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]`;
export const SEARCH_VECTOR = sql.raw(
  `to_tsvector('simple'::regconfig, regexp_replace(content, '(${SEARCH_CJK})', ' \\1 ', 'g'))`,
);

export const messageStatuses = ['complete', 'streaming', 'stopped', 'error'] as const;
export type MessageStatus = (typeof messageStatuses)[number];
export const messageRoles = ['user', 'assistant', 'system'] as const;
export type MessageRole = (typeof messageRoles)[number];

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    threadId: text('thread_id'),
    role: text('role', { enum: messageRoles }).notNull(),
    content: text('content').notNull().default(''),
    status: text('status', { enum: messageStatuses }).notNull().default('complete'),
    // For an assistant message: the user message it answers.
    replyTo: uuid('reply_to'),
    model: text('model'),
    errorCode: text('error_code'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    totalTokens: integer('total_tokens'),
    ttftMs: integer('ttft_ms'),
    /** The answer came from a fallback model, after the first one failed. */
    fellBack: boolean('fell_back').notNull().default(false),
    /** The knowledge the answer was given (chunk ids and scores) and the sources it cited. */
    retrieval: jsonb('retrieval'),
    citations: jsonb('citations'),
    // Not computed while an answer streams: its progress writes come twice a second.
    search: tsvector('search').generatedAlwaysAs(
      sql`case when status = 'streaming' then null else ${SEARCH_VECTOR} end`,
    ),
    // The app instance running this generation while status is 'streaming'.
    runOwner: text('run_owner'),
    // clock_timestamp(), not now(): two messages written in one transaction keep their order.
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`clock_timestamp()`),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`clock_timestamp()`),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('chat_messages_search_idx').using('gin', t.search),
    index('chat_messages_conversation_created_idx').on(t.conversationId, t.createdAt, t.id),
    index('chat_messages_thread_idx').on(t.threadId),
    index('chat_messages_reply_to_idx').on(t.replyTo),
    // The few answers that failed or stopped, for the console's filters on them: without it, finding
    // a page of conversations with one read every error at a million messages (140 ms).
    index('chat_messages_ended_early_idx')
      .on(t.conversationId)
      .where(sql`${t.status} in ('error', 'stopped')`),
    // One generation at a time per conversation, enforced by the database across instances.
    uniqueIndex('chat_messages_one_streaming_idx').on(t.conversationId).where(sql`${t.status} = 'streaming'`),
    index('chat_messages_streaming_owner_idx').on(t.runOwner).where(sql`${t.status} = 'streaming'`),
    check('chat_messages_status_check', sql`${t.status} in ('complete','streaming','stopped','error')`),
    check('chat_messages_role_check', sql`${t.role} in ('user','assistant','system')`),
  ],
);

/**
 * One row per rate-limit key: a window opens at the key's first hit and lasts the rule's length,
 * so there is no shared window edge at which every client's count resets at once.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowEnd: timestamp('window_end', { withTimezone: true, mode: 'date' }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [index('rate_limits_window_end_idx').on(t.windowEnd)],
);

/** The people who run the console. The email is stored lower-cased; the password only as argon2id. */
export const owners = pgTable('owners', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * A console session: the cookie holds a random token, the table only its SHA-256. Each session has
 * its own CSRF token, which every change must send back in a header.
 */
export const ownerSessions = pgTable(
  'owner_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => owners.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('owner_sessions_owner_idx').on(t.ownerId),
    index('owner_sessions_expires_idx').on(t.expiresAt),
  ],
);

/** Named admin API tokens, shown once when created and stored as a SHA-256. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** The token's first characters, so that an owner can tell tokens apart. */
  prefix: text('prefix').notNull(),
  createdBy: uuid('created_by').references(() => owners.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

/**
 * One-time codes that let the first owner be created when no owner exists: each instance that
 * starts without one prints a code in its log and stores its hash here.
 */
export const setupCodes = pgTable('setup_codes', {
  codeHash: text('code_hash').primaryKey(),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** A visitor's vote on an answer (and a comment with a thumbs down); they can change it. */
export const messageFeedback = pgTable(
  'message_feedback',
  {
    messageId: uuid('message_id')
      .primaryKey()
      .references(() => chatMessages.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    rating: smallint('rating').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('message_feedback_conversation_idx').on(t.conversationId),
    check('message_feedback_rating_check', sql`${t.rating} in (-1, 1)`),
  ],
);

/*
 * Knowledge (docs/knowledge.md): a site's sources (an uploaded file, a web page or a sitemap, text
 * typed in the console, a question and its answer), the documents each one gives (a sitemap gives
 * one per page), and their chunks, each with its embedding and the model that made it.
 */
export const sourceTypes = ['file', 'url', 'text', 'qa'] as const;
export type SourceType = (typeof sourceTypes)[number];
export const sourceStatuses = ['pending', 'indexing', 'ready', 'error'] as const;
export type SourceStatus = (typeof sourceStatuses)[number];

export const knowledgeSources = pgTable(
  'knowledge_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteRef(),
    type: text('type', { enum: sourceTypes }).notNull(),
    title: text('title').notNull(),
    /** A web source's address; `crawl` says whether it is one page or a sitemap. */
    url: text('url'),
    crawl: text('crawl', { enum: ['page', 'sitemap'] }),
    /** A text or question-and-answer source's own words. */
    body: text('body'),
    status: text('status', { enum: sourceStatuses }).notNull().default('pending'),
    error: text('error'),
    chunks: integer('chunks').notNull().default(0),
    /** Progress of the sync under way: documents done of total. */
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    /** The instance syncing it and until when its claim holds (a crashed one's claim runs out). */
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    syncedAt: timestamp('synced_at', { withTimezone: true, mode: 'date' }),
    nextSyncAt: timestamp('next_sync_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('knowledge_sources_site_idx').on(t.siteId, t.createdAt),
    index('knowledge_sources_work_idx').on(t.status, t.nextSyncAt),
    check('knowledge_sources_type_check', sql`${t.type} in ('file','url','text','qa')`),
    check('knowledge_sources_status_check', sql`${t.status} in ('pending','indexing','ready','error')`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** An uploaded file as it was sent: read again to re-index, and served for citations of PDFs. */
export const knowledgeFiles = pgTable('knowledge_files', {
  sourceId: uuid('source_id')
    .primaryKey()
    .references(() => knowledgeSources.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  data: bytea('data').notNull(),
});

export const knowledgeDocuments = pgTable(
  'knowledge_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => knowledgeSources.id, { onDelete: 'cascade' }),
    /** The page's address (web sources); null for files and text. */
    url: text('url'),
    title: text('title'),
    /** SHA-256 of the extracted text: an unchanged page is not embedded again. */
    contentHash: text('content_hash').notNull(),
    syncedAt: timestamp('synced_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('knowledge_documents_source_url_idx').on(t.sourceId, t.url)],
);

/** What full-text retrieval matches: the section's headings and the chunk's text. */
export const CHUNK_SEARCH_VECTOR = sql.raw(
  `to_tsvector('simple'::regconfig, regexp_replace(heading || ' ' || content, '(${SEARCH_CJK})', ' \\1 ', 'g'))`,
);

export const knowledgeChunks = pgTable(
  'knowledge_chunks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteRef(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => knowledgeSources.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => knowledgeDocuments.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    /** The section's headings, outermost first, joined with " › ". */
    heading: text('heading').notNull().default(''),
    /** The PDF page the chunk comes from (1-based). */
    page: integer('page'),
    content: text('content').notNull(),
    tokens: integer('tokens').notNull(),
    search: tsvector('search').generatedAlwaysAs(CHUNK_SEARCH_VECTOR),
  },
  (t) => [
    index('knowledge_chunks_site_idx').on(t.siteId),
    index('knowledge_chunks_document_idx').on(t.documentId, t.ordinal),
    index('knowledge_chunks_source_idx').on(t.sourceId),
    // fastupdate off: new chunks go straight into the index. With it on they wait in a pending list
    // that every search reads until a vacuum merges it, and the embedded database never vacuums.
    index('knowledge_chunks_search_idx').using('gin', t.search).with({ fastupdate: false }),
  ],
);

/**
 * How many chunks of a site hold each word (PostgreSQL's ts_stat over the chunks' text vectors),
 * refreshed after each sync: full-text retrieval weighs a word by its rarity without counting it at
 * query time (db/queries/retrieval.ts).
 */
export const knowledgeTerms = pgTable(
  'knowledge_terms',
  {
    siteId: siteRef(),
    word: text('word').notNull(),
    df: integer('df').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.word] })],
);

/**
 * A chunk's embedding and the model that made it, apart from the chunk: full-text search reads the
 * chunks' rows, and a kilobyte of vector in each would make them four times wider (measured on
 * PGlite at 10,000 chunks: full text 8–15 ms with the vectors inline, 5–9 ms without). pgvector's
 * HNSW index, one per length, is on this table (db/queries/retrieval.ts).
 */
export const knowledgeVectors = pgTable(
  'knowledge_vectors',
  {
    chunkId: uuid('chunk_id')
      .primaryKey()
      .references(() => knowledgeChunks.id, { onDelete: 'cascade' }),
    siteId: siteRef(),
    model: text('model').notNull(),
    dims: integer('dims').notNull(),
    embedding: real('embedding').array().notNull(),
  },
  (t) => [index('knowledge_vectors_site_idx').on(t.siteId, t.model)],
);

export type KnowledgeSource = typeof knowledgeSources.$inferSelect;
export type KnowledgeChunk = typeof knowledgeChunks.$inferSelect;

export type Site = typeof sites.$inferSelect;
export type Owner = typeof owners.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type MessageFeedback = typeof messageFeedback.$inferSelect;
export type Visitor = typeof visitors.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type ChatMessage = typeof chatMessages.$inferSelect;
