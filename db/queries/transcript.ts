import { and, eq, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { chatMessages, conversations } from '../schema';
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
  const own = and(eq(c.id, sql`${conversationId}::uuid`), inScope(scope));
  const after = page.before
    ? sql`and (${m.createdAt}, ${m.id}) < (select b.created_at, b.id from ${m} b
        where b.id = ${page.before}::uuid and b.conversation_id = ${conversationId}::uuid)`
    : sql``;
  // Both at once (two connections on PostgreSQL); one row more than the page says whether there is more.
  const [[conversation], newest] = await Promise.all([
    selectRows<{ id: string; title: string | null; createdAt: string; updatedAt: string }>(
      db,
      sql`select ${c.id} as id, ${c.title} as title, ${isoUtc(c.createdAt)} as "createdAt",
        ${isoUtc(c.updatedAt)} as "updatedAt"
      from ${c} where ${own}`,
    ),
    selectRows<{ id: string; json: string }>(
      db,
      sql`select r.id, row_to_json(r)::text as json from (
        select ${m.id} as id, ${m.role} as role, ${m.content} as content, ${m.status} as status,
          ${m.model} as model, ${m.errorCode} as "errorCode", ${m.replyTo} as "replyTo",
          ${isoUtc(m.createdAt)} as "createdAt"
        from ${m} join ${c} on ${c.id} = ${m.conversationId}
        where ${m.conversationId} = ${conversationId}::uuid and ${own} ${after}
        order by ${m.createdAt} desc, ${m.id} desc
        limit ${page.limit + 1}
      ) r`,
    ),
  ]);
  if (!conversation) return undefined;
  const more = newest.length > page.limit;
  const rows = newest.slice(0, page.limit).reverse();
  const older = more && rows.length > 0 ? JSON.stringify(rows[0].id) : 'null';
  const head = JSON.stringify(conversation);
  return `${head.slice(0, -1)},"messages":[${rows.map((row) => row.json).join(',')}],"older":${older}}`;
}
