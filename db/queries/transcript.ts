import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { chatMessages, conversations, messageFeedback } from '../schema';
import { inScope, type Scope } from '../scope';

/** An instant as JavaScript's toISOString() writes it, so that JSON built here and in JS agree. */
export function isoUtc(column: unknown) {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A page of a conversation's messages: the newest `limit`, or the newest before message `before`. */
export type MessagePage = { limit: number; before?: string };

/**
 * A conversation and a page of its messages as the API's JSON text (the `apiConversation`
 * contract), or undefined when it is not in the scope. The page is the newest `limit` messages
 * (before the message `before`, when given), oldest first, and `older` is the cursor for the page
 * before it (null at the start). PostgreSQL writes each message's JSON (row_to_json) and JavaScript
 * only joins them: faster on both databases than Drizzle's mapped rows (bench/diag/query-timing.mjs).
 * Both reads carry the scope, so another visitor's conversation costs what an unknown one does.
 */
export async function conversationJson(
  db: Db,
  scope: Scope,
  conversationId: string,
  page: MessagePage,
): Promise<string | undefined> {
  const m = chatMessages;
  const c = conversations;
  // The visitor's own vote on an answer, so that the chat shows it after a reload: joined to the
  // page's rows only (not in the sorted subquery, where it would be looked up for every message),
  // and as a join, not a subquery per row (0.5 ms less a page on PGlite).
  const visitorVote = sql`case f.rating when 1 then 'up' when -1 then 'down' end`;
  const before = page.before
    ? sql`and (${m.createdAt}, ${m.id}) < (select b.created_at, b.id from ${m} b
        where b.id = ${page.before}::uuid and b.conversation_id = ${c.id})`
    : sql``;
  // One statement (one round trip to the embedded database's thread): the conversation joined to
  // its page, newest first, one row more than the page to tell whether there is more.
  const rows = await selectRows<{ head: string; id: string | null; json: string | null }>(
    db,
    sql`select json_build_object('id', ${c.id}, 'title', ${c.title}, 'createdAt', ${isoUtc(c.createdAt)},
        'updatedAt', ${isoUtc(c.updatedAt)})::text as head, p.id, p.json
      from ${c} left join lateral (
        -- The page is chosen first and only its rows are written as JSON, whatever plan is picked.
        select x.id, x.at, json_build_object('id', x.id, 'role', x.role, 'content', x.content,
          'status', x.status, 'model', x.model, 'errorCode', x.error_code, 'replyTo', x.reply_to,
          'createdAt', ${isoUtc(sql`x.at`)}, 'feedback', ${visitorVote}, 'citations', x.citations)::text as json
        from (
          select ${m.id} as id, ${m.createdAt} as at, ${m.role} as role, ${m.content} as content,
            ${m.status} as status, ${m.model} as model, ${m.errorCode} as error_code, ${m.replyTo} as reply_to,
            ${m.citations} as citations
          from ${m} where ${m.conversationId} = ${c.id} ${before}
          order by ${m.createdAt} desc, ${m.id} desc
          limit ${page.limit + 1}
        ) x left join ${messageFeedback} f on f.message_id = x.id
      ) p on true
      where ${c.id} = ${conversationId}::uuid and ${inScope(scope)}
      order by p.at desc, p.id desc`,
  );
  if (rows.length === 0) return undefined;
  const newest = rows.filter((row) => row.id !== null);
  const more = newest.length > page.limit;
  const shown = newest.slice(0, page.limit).reverse();
  const older = more && shown.length > 0 ? JSON.stringify(shown[0].id) : 'null';
  return `${rows[0].head.slice(0, -1)},"messages":[${shown.map((row) => row.json).join(',')}],"older":${older}}`;
}
