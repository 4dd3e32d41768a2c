import { and, eq, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { chatMessages, conversations } from '../schema';
import { inScope, type Scope } from '../scope';

/** An instant as JavaScript's toISOString() writes it, so that JSON built here and in JS agree. */
export function isoUtc(column: unknown) {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * A conversation and its messages as the API's JSON text (the `apiConversation` contract), or
 * undefined when it is not in the scope. PostgreSQL writes each message's JSON (row_to_json) and
 * JavaScript only joins them: for a 1,000-message conversation this beat Drizzle's mapped rows on
 * both databases, mapped raw rows on PGlite, and one aggregated JSON value on PostgreSQL
 * (postgres.js is slow to receive one very large value); bench/diag/query-timing.mjs times it.
 * Both reads carry the scope, so another visitor's conversation costs what an unknown one does.
 */
export async function conversationJson(
  db: Db,
  scope: Scope,
  conversationId: string,
): Promise<string | undefined> {
  const m = chatMessages;
  const c = conversations;
  const own = and(eq(c.id, sql`${conversationId}::uuid`), inScope(scope));
  // Both at once (two connections on PostgreSQL).
  const [[conversation], messages] = await Promise.all([
    selectRows<{ id: string; title: string | null; createdAt: string; updatedAt: string }>(
      db,
      sql`select ${c.id} as id, ${c.title} as title, ${isoUtc(c.createdAt)} as "createdAt",
        ${isoUtc(c.updatedAt)} as "updatedAt"
      from ${c} where ${own}`,
    ),
    selectRows<{ json: string }>(
      db,
      sql`select row_to_json(r)::text as json from (
        select ${m.id} as id, ${m.role} as role, ${m.content} as content, ${m.status} as status,
          ${m.model} as model, ${m.errorCode} as "errorCode", ${m.replyTo} as "replyTo",
          ${isoUtc(m.createdAt)} as "createdAt"
        from ${m} join ${c} on ${c.id} = ${m.conversationId}
        where ${m.conversationId} = ${conversationId}::uuid and ${own}
        order by ${m.createdAt}, ${m.id}
      ) r`,
    ),
  ]);
  if (!conversation) return undefined;
  const head = JSON.stringify(conversation);
  return `${head.slice(0, -1)},"messages":[${messages.map((row) => row.json).join(',')}]}`;
}
