import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import * as z from 'zod/mini';
import { type Db, selectRows } from '../client';
import { ConversationBusyError, isUniqueViolation } from '../errors';
import { type ChatMessage, chatMessages, conversations, messageRoles } from '../schema';
import { inScope, type Scope, type VisitorScope } from '../scope';

/*
 * What a visitor's turn reads and writes. Every query takes the visitor's scope and puts it in its
 * `where`, so a conversation or message of another visitor or site is simply not found.
 */

/** What prepareTurn's JSON history holds, parsed rather than cast. */
const historyItems = z.array(z.object({ role: z.enum(messageRoles), content: z.string() }));
export type HistoryItem = Pick<ChatMessage, 'role' | 'content'>;
export type Turn = {
  locale: string | null;
  /** This messageId is stored already: the send is a repeat. */
  repeated: boolean;
  /** An answer is being written in this conversation. */
  busy: boolean;
  /** The newest messages with text, oldest first. */
  history: HistoryItem[];
};

const m = chatMessages;
const c = conversations;
const BUSY_INDEX = 'chat_messages_one_streaming_idx';
/** At most this many of the newest messages are read as history (the budget trims them further). */
export const HISTORY_LIMIT = 200;

function busyOr(error: unknown): never {
  if (isUniqueViolation(error, BUSY_INDEX)) throw new ConversationBusyError({ cause: error });
  throw error;
}

/**
 * Everything a message in an existing conversation needs before the model is called, in one
 * statement: that the conversation is in scope, whether the message was sent before, whether an
 * answer is running, and the recent history. Undefined when the conversation is not in scope.
 */
export async function prepareTurn(
  db: Db,
  scope: VisitorScope,
  input: { conversationId: string; messageId: string },
): Promise<Turn | undefined> {
  const [row] = await selectRows<{
    locale: string | null;
    repeated: boolean;
    busy: boolean;
    history: string;
  }>(
    db,
    sql`
    select ${c.locale} as locale,
      exists(select 1 from ${m} where ${m.id} = ${input.messageId}::uuid) as repeated,
      exists(select 1 from ${m} where ${m.conversationId} = ${c.id} and ${m.status} = 'streaming') as busy,
      coalesce((
        select json_agg(json_build_object('role', h.role, 'content', h.content) order by h.created_at, h.id)
        from (
          select ${m.role} as role, ${m.content} as content, ${m.createdAt} as created_at, ${m.id} as id
          from ${m} where ${m.conversationId} = ${c.id} and ${m.content} <> ''
          order by ${m.createdAt} desc, ${m.id} desc limit ${HISTORY_LIMIT}
        ) h
      ), '[]'::json)::text as history
    from ${c} where ${c.id} = ${input.conversationId}::uuid and ${inScope(scope)}`,
  );
  if (!row) return undefined;
  const history = z.parse(historyItems, JSON.parse(row.history));
  return { locale: row.locale, repeated: row.repeated, busy: row.busy, history };
}

/**
 * Stores the visitor's message and an empty assistant message marked `streaming`, creating the
 * conversation when it is new, in one statement: one round trip before the model is called, and
 * atomic without a transaction. The partial unique index on streaming messages makes a second
 * concurrent generation in the same conversation fail here, on any instance, storing nothing.
 *
 * Returns the conversation's version (its `updated_at`, as text) after the write, or null (and
 * nothing stored) when an existing conversation is not in the scope, or, with `after`, when its
 * version is no longer `after`: someone wrote to it since (see lib/chat/recent.ts).
 */
export async function insertExchange(
  db: Db,
  scope: VisitorScope,
  input: {
    conversationId: string;
    newConversation?: { title: string | null; locale: string | null };
    userMessageId: string;
    assistantMessageId: string;
    content: string;
    owner: string;
    model: string;
    /** Store only if the conversation's version is still this one. */
    after?: string;
  },
): Promise<string | null> {
  const created = input.newConversation;
  const isNew = Boolean(created);
  const rows = await selectRows<{ id: string; version: string }>(
    db,
    sql`
      with created as (
        insert into ${c} (id, site_id, visitor_id, title, locale)
        select ${input.conversationId}::uuid, ${scope.siteId}, ${scope.visitorId}::uuid,
               ${created?.title ?? null}, ${created?.locale ?? null}
        where ${isNew}::boolean
        returning id, updated_at
      ), touched as (
        update ${c} set updated_at = now()
        where ${c.id} = ${input.conversationId}::uuid and not ${isNew}::boolean and ${inScope(scope)}
          and (${input.after ?? null}::text is null or ${c.updatedAt} = ${input.after ?? null}::timestamptz)
        returning id, updated_at
      ), target as (select id, updated_at from created union all select id, updated_at from touched)
      insert into ${m} (id, conversation_id, role, content, status, reply_to, run_owner, model, created_at)
      select v.id, target.id, v.role, v.content, v.status, v.reply_to, v.run_owner, v.model, v.created_at
      from target, (values
        (${input.userMessageId}::uuid, 'user', ${input.content}::text, 'complete', null::uuid, null::text,
         null::text, clock_timestamp()),
        -- Always after the question, even when both rows get the same clock reading.
        (${input.assistantMessageId}::uuid, 'assistant', '', 'streaming', ${input.userMessageId}::uuid,
         ${input.owner}::text, ${input.model}::text, clock_timestamp() + interval '1 millisecond')
      ) as v(id, role, content, status, reply_to, run_owner, model, created_at)
      returning ${m.id} as id, (select updated_at::text from target) as version`,
  ).catch(busyOr);
  return rows[0]?.version ?? null;
}

/** A user message of this visitor sent before, with the answer to it (a repeated send). */
export async function findExchange(db: Db, scope: VisitorScope, userMessageId: string) {
  const answer = alias(chatMessages, 'answer');
  const [row] = await db
    .select({ conversationId: m.conversationId, answer })
    .from(m)
    .innerJoin(c, eq(c.id, m.conversationId))
    .leftJoin(answer, and(eq(answer.replyTo, m.id), eq(answer.role, 'assistant')))
    .where(and(eq(m.id, userMessageId), eq(m.role, 'user'), inScope(scope)))
    .orderBy(desc(answer.createdAt))
    .limit(1);
  return row;
}

/**
 * The answer that matters now in a conversation: the one streaming, else the latest. Undefined
 * when the conversation is not in scope; `answer` is null when it has none yet.
 */
export async function currentAnswer(db: Db, scope: Scope, conversationId: string) {
  const [row] = await db
    .select({ locale: c.locale, answer: m })
    .from(c)
    .leftJoin(m, and(eq(m.conversationId, c.id), eq(m.role, 'assistant')))
    .where(and(eq(c.id, conversationId), inScope(scope)))
    .orderBy(sql`${m.status} = 'streaming' desc`, desc(m.createdAt), desc(m.id))
    .limit(1);
  return row;
}

/** One answer of a conversation in scope (for Retry); `answer` is null when it is not there. */
export async function findAnswer(db: Db, scope: Scope, conversationId: string, messageId: string) {
  const [row] = await db
    .select({ locale: c.locale, answer: m })
    .from(c)
    .leftJoin(m, and(eq(m.conversationId, c.id), eq(m.id, messageId), eq(m.role, 'assistant')))
    .where(and(eq(c.id, conversationId), inScope(scope)))
    .limit(1);
  return row;
}

/** The newest messages that can go upstream as history, oldest first. */
export async function recentHistory(db: Db, scope: Scope, conversationId: string, excludeId: string) {
  const rows = await db
    .select({ role: m.role, content: m.content })
    .from(m)
    .innerJoin(c, eq(c.id, m.conversationId))
    .where(and(eq(m.conversationId, conversationId), inScope(scope), ne(m.id, excludeId), ne(m.content, '')))
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(HISTORY_LIMIT);
  return rows.reverse();
}

/** Turns a failed or stopped answer back into a streaming one, for Retry (a new version of the conversation). */
export async function restartAnswer(
  db: Db,
  scope: Scope,
  input: { conversationId: string; assistantMessageId: string; owner: string; model: string },
): Promise<boolean> {
  // The conversation's version changes first (a new `updated_at`), so that no instance keeps
  // using a history it holds from before the Retry (lib/chat/recent.ts), whatever happens next.
  const [own] = await db
    .update(c)
    .set({ updatedAt: sql`clock_timestamp()` })
    .where(and(eq(c.id, input.conversationId), inScope(scope)))
    .returning({ id: c.id });
  if (!own) return false;
  const rows = await db
    .update(m)
    .set({
      status: 'streaming',
      content: '',
      errorCode: null,
      runOwner: input.owner,
      model: input.model,
      promptTokens: null,
      completionTokens: null,
      totalTokens: null,
      ttftMs: null,
      completedAt: null,
      updatedAt: sql`clock_timestamp()`,
    })
    .where(
      and(
        eq(m.id, input.assistantMessageId),
        eq(m.role, 'assistant'),
        eq(m.conversationId, own.id),
        inArray(m.status, ['error', 'stopped']),
      ),
    )
    .returning({ id: m.id })
    .catch(busyOr);
  return rows.length > 0;
}
