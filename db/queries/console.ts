import { type SQL, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { chatMessages, conversations, messageFeedback } from '../schema';
import { matches, phraseIn, searchFilter, searchQuery } from './console-search';

/*
 * What the owner's console reads: conversations across sites (filtered, searched, cursor-paged)
 * and the same selection exported in batches. Transcripts are in console-transcript.ts, daily
 * figures in stats.ts.
 */

const m = chatMessages;
const c = conversations;
const f = messageFeedback;

export type ConversationFilter = {
  siteId?: string;
  /** Last activity at or after / before these instants. */
  from?: Date;
  to?: Date;
  /** Conversations with at least one answer in this state. */
  status?: 'error' | 'stopped' | 'interrupted';
  /** Conversations with a vote: up, down, or either. */
  feedback?: 'up' | 'down' | 'any';
  /** Words (prefixes) or a phrase in Chinese or Japanese, in any message. */
  q?: string;
};

export type ConversationCursor = { updatedAt: string; id: string };

export type ConversationRow = {
  id: string;
  siteId: string;
  title: string | null;
  locale: string | null;
  createdAt: string;
  updatedAt: string;
  messages: number;
  errors: number;
  stopped: number;
  interrupted: number;
  up: number;
  down: number;
};

/** The filters other than the search, as one condition on `c`. */
function baseFilter(filter: ConversationFilter) {
  const where = [sql`true`];
  if (filter.siteId) where.push(sql`${c.siteId} = ${filter.siteId}`);
  if (filter.from) where.push(sql`${c.updatedAt} >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) where.push(sql`${c.updatedAt} < ${filter.to.toISOString()}::timestamptz`);
  if (filter.status) {
    const state =
      filter.status === 'stopped'
        ? sql`${m.status} = 'stopped'`
        : filter.status === 'interrupted'
          ? sql`${m.status} = 'error' and ${m.errorCode} = 'interrupted'`
          : sql`${m.status} = 'error' and ${m.errorCode} is distinct from 'interrupted'`;
    where.push(sql`exists (select 1 from ${m} where ${m.conversationId} = ${c.id} and ${state})`);
  }
  if (filter.feedback) {
    const rating =
      filter.feedback === 'any' ? sql`true` : sql`${f.rating} = ${filter.feedback === 'up' ? 1 : -1}`;
    where.push(sql`exists (select 1 from ${f} where ${f.conversationId} = ${c.id} and ${rating})`);
  }
  return sql.join(where, sql` and `);
}

/** How many of the newest conversations a search looks at first, before it asks the index. */
const WINDOW = 400;

/**
 * A page of conversations, newest activity first, and the cursor of the next page (null at the end).
 * A search first looks among the newest WINDOW conversations that the other filters keep: when a
 * page's worth of them match, that is the page (any other match is older than all of them), found
 * without touching the search index, which is slowest for the common words that fill pages fast.
 * Otherwise the probe decides how to find the matches (searchHits).
 */
export async function listConversations(
  db: Db,
  filter: ConversationFilter,
  page: { limit: number; after?: ConversationCursor },
): Promise<{ conversations: ConversationRow[]; next: ConversationCursor | null }> {
  const after = page.after
    ? sql`and (${c.updatedAt}, ${c.id}) < (${page.after.updatedAt}::timestamptz, ${page.after.id}::uuid)`
    : sql``;
  const base = baseFilter(filter);
  const query = filter.q ? searchQuery(filter.q) : null;
  let rows: Array<ConversationRow & { cursor: string }>;
  if (filter.q && !query) rows = [];
  else if (!query) rows = await pageRows(db, base, after, page.limit);
  else {
    const newest = sql`${c.id} in (select ${c.id} from ${c} where ${base} ${after}
      order by ${c.updatedAt} desc, ${c.id} desc limit ${WINDOW}) and ${matches(query)}`;
    const phrase = phraseIn(query, sql.raw('c0.id'));
    rows = await pageRows(db, newest, after, page.limit, phrase);
    if (rows.length <= page.limit) {
      const found = sql`${base} and ${await searchFilter(db, query)}`;
      rows = await pageRows(db, found, after, page.limit, phrase);
    }
  }
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    conversations: shown.map(({ cursor: _, ...row }) => row),
    next: more && last ? { updatedAt: last.cursor, id: last.id } : null,
  };
}

/**
 * Up to `limit` + 1 conversations that meet `where`, newest first, with their counts. `then`, a
 * costlier test on `c0.id`, is asked only of the conversations that meet `where`, in that order,
 * until enough pass.
 */
function pageRows(db: Db, where: SQL, after: SQL, limit: number, then: SQL | null = null) {
  const chosen = sql`select ${c.id} as id, ${c.siteId} as site_id, ${c.title} as title, ${c.locale} as locale,
      ${c.createdAt} as created_at, ${c.updatedAt} as updated_at
    from ${c} where ${where} ${after}
    order by ${c.updatedAt} desc, ${c.id} desc`;
  const page = then
    ? sql`select * from (${chosen} offset 0) c0 where ${then} order by c0.updated_at desc, c0.id desc`
    : chosen;
  return selectRows<ConversationRow & { cursor: string }>(
    db,
    sql`
    select c.id, c.site_id as "siteId", c.title, c.locale,
      to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
      to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt",
      c.updated_at::text as cursor,
      s.messages, s.errors, s.stopped, s.interrupted, v.up, v.down
    from (${page} limit ${limit + 1}) c
    cross join lateral (
      select count(*)::int as messages,
        (count(*) filter (where x.status = 'error' and x.error_code is distinct from 'interrupted'))::int as errors,
        (count(*) filter (where x.status = 'stopped'))::int as stopped,
        (count(*) filter (where x.status = 'error' and x.error_code = 'interrupted'))::int as interrupted
      from ${m} x where x.conversation_id = c.id
    ) s
    cross join lateral (
      select (count(*) filter (where y.rating = 1))::int as up, (count(*) filter (where y.rating = -1))::int as down
      from ${f} y where y.conversation_id = c.id
    ) v
    order by c.updated_at desc, c.id desc`,
  );
}

export type ExportRow = {
  conversationId: string;
  siteId: string;
  title: string | null;
  messageId: string;
  role: string;
  content: string;
  status: string;
  model: string | null;
  errorCode: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  ttftMs: number | null;
  rating: number | null;
  comment: string | null;
  createdAt: string;
};

/**
 * The messages of the conversations a filter selects, in batches of at most `batch` rows
 * (conversation by conversation, newest activity first, each conversation's messages oldest
 * first), so that an export of any size holds one batch in memory. Conversations are taken 50 at a
 * time and their messages read together, in as many statements as the batch size needs.
 */
export async function* exportMessages(
  db: Db,
  filter: ConversationFilter,
  batch = 2000,
): AsyncGenerator<ExportRow[]> {
  let after: ConversationCursor | undefined;
  for (;;) {
    const page = await listConversations(db, filter, { limit: 50, after });
    if (page.conversations.length === 0) return;
    const ids = `{${page.conversations.map((conversation) => conversation.id).join(',')}}`;
    const ord = sql`array_position(${ids}::uuid[], ${m.conversationId})`;
    let since: { ord: number; at: string; id: string } | undefined;
    for (;;) {
      const rows = await selectRows<ExportRow & { ord: number; cursor: string }>(
        db,
        sql`
        select ${c.id} as "conversationId", ${c.siteId} as "siteId", ${c.title} as title,
          ${m.id} as "messageId", ${m.role} as role, ${m.content} as content, ${m.status} as status,
          ${m.model} as model, ${m.errorCode} as "errorCode", ${m.promptTokens} as "promptTokens",
          ${m.completionTokens} as "completionTokens", ${m.ttftMs} as "ttftMs",
          ${f.rating}::int as rating, ${f.comment} as comment,
          to_char(${m.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
          ${ord} as ord, ${m.createdAt}::text as cursor
        from ${m} join ${c} on ${c.id} = ${m.conversationId}
        left join ${f} on ${f.messageId} = ${m.id}
        where ${m.conversationId} = any(${ids}::uuid[])
          ${since ? sql`and (${ord}, ${m.createdAt}, ${m.id}) > (${since.ord}::int, ${since.at}::timestamptz, ${since.id}::uuid)` : sql``}
        order by ${ord}, ${m.createdAt}, ${m.id}
        limit ${batch}`,
      );
      if (rows.length > 0) yield rows.map(({ ord: _o, cursor: _c, ...row }) => row);
      if (rows.length < batch) break;
      const last = rows[rows.length - 1];
      since = { ord: Number(last.ord), at: last.cursor, id: last.messageId };
    }
    if (!page.next) return;
    after = page.next;
  }
}
