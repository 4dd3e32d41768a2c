import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { ConversationBusyError, isUniqueViolation } from '../errors';
import { type ChatMessage, chatMessages, conversations, type MessageStatus } from '../schema';

/**
 * A conversation and its messages as the API's JSON text, or undefined when it is not this
 * visitor's. PostgreSQL writes each message's JSON (row_to_json) and JavaScript only joins them:
 * for a 1,000-message conversation this beat Drizzle's mapped rows on both databases, mapped raw
 * rows on PGlite, and one aggregated JSON value on PostgreSQL (postgres.js is slow to receive
 * one very large value); bench/diag/query-timing.mjs times it.
 */
export async function conversationJson(
  db: Db,
  conversationId: string,
  visitorId: string,
): Promise<string | undefined> {
  const m = chatMessages;
  const c = conversations;
  // Both at once (two connections on PostgreSQL); the messages are dropped if it is not theirs.
  const [[conversation], messages] = await Promise.all([
    selectRows<{ id: string; title: string | null; createdAt: string; updatedAt: string }>(
      db,
      sql`select ${c.id} as id, ${c.title} as title, ${isoUtc(c.createdAt)} as "createdAt",
        ${isoUtc(c.updatedAt)} as "updatedAt"
      from ${c} where ${c.id} = ${conversationId}::uuid and ${c.visitorId} = ${visitorId}::uuid`,
    ),
    selectRows<{ json: string }>(
      db,
      sql`select row_to_json(r)::text as json from (
        select ${m.id} as id, ${m.role} as role, ${m.content} as content, ${m.status} as status,
          ${m.model} as model, ${m.errorCode} as "errorCode", ${m.replyTo} as "replyTo",
          ${isoUtc(m.createdAt)} as "createdAt"
        from ${m} where ${m.conversationId} = ${conversationId}::uuid
        order by ${m.createdAt}, ${m.id}
      ) r`,
    ),
  ]);
  if (!conversation) return undefined;
  const head = JSON.stringify(conversation);
  return `${head.slice(0, -1)},"messages":[${messages.map((row) => row.json).join(',')}]}`;
}

/** An instant as JavaScript's toISOString() writes it, so that JSON built here and in JS agree. */
function isoUtc(column: unknown) {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The newest messages that can go upstream as history, oldest first. */
export async function recentHistory(
  db: Db,
  conversationId: string,
  excludeId: string,
  limit = 200,
): Promise<Array<Pick<ChatMessage, 'role' | 'content'>>> {
  const rows = await db
    .select({ role: chatMessages.role, content: chatMessages.content })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.conversationId, conversationId),
        ne(chatMessages.id, excludeId),
        ne(chatMessages.content, ''),
      ),
    )
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(limit);
  return rows.reverse();
}

export type Turn = {
  locale: string | null;
  /** This messageId is stored already: the send is a repeat. */
  repeated: boolean;
  /** An answer is being written in this conversation. */
  busy: boolean;
  /** The newest messages with text, oldest first. */
  history: Array<Pick<ChatMessage, 'role' | 'content'>>;
};

/**
 * Everything a message in an existing conversation needs before the model is called, in one
 * statement: that the conversation is this visitor's, whether the message was sent before,
 * whether an answer is running, and the recent history. Undefined when it is not the visitor's.
 */
export async function prepareTurn(
  db: Db,
  input: { conversationId: string; visitorId: string; messageId: string },
  limit = 200,
): Promise<Turn | undefined> {
  const m = chatMessages;
  const c = conversations;
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
          order by ${m.createdAt} desc, ${m.id} desc limit ${limit}
        ) h
      ), '[]'::json)::text as history
    from ${c} where ${c.id} = ${input.conversationId}::uuid and ${c.visitorId} = ${input.visitorId}::uuid
  `,
  );
  if (!row) return undefined;
  return { locale: row.locale, repeated: row.repeated, busy: row.busy, history: JSON.parse(row.history) };
}

/** A message together with the visitor who owns its conversation. */
export async function getMessageWithOwner(db: Db, id: string) {
  const [row] = await db
    .select({ message: chatMessages, visitorId: conversations.visitorId })
    .from(chatMessages)
    .innerJoin(conversations, eq(conversations.id, chatMessages.conversationId))
    .where(eq(chatMessages.id, id))
    .limit(1);
  return row;
}

export async function getAnswerTo(db: Db, userMessageId: string) {
  const [row] = await db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.replyTo, userMessageId), eq(chatMessages.role, 'assistant')))
    .orderBy(desc(chatMessages.createdAt))
    .limit(1);
  return row;
}

export async function getStreamingMessage(db: Db, conversationId: string) {
  const [row] = await db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.conversationId, conversationId), eq(chatMessages.status, 'streaming')))
    .limit(1);
  return row;
}

export async function getLatestAssistantMessage(db: Db, conversationId: string) {
  const [row] = await db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.conversationId, conversationId), eq(chatMessages.role, 'assistant')))
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(1);
  return row;
}

export async function getMessage(db: Db, id: string) {
  const [row] = await db.select().from(chatMessages).where(eq(chatMessages.id, id)).limit(1);
  return row;
}

const BUSY_INDEX = 'chat_messages_one_streaming_idx';

/**
 * Stores the visitor's message and an empty assistant message marked `streaming`, creating the
 * conversation when it is new, in one statement: one round trip before the model is called, and
 * atomic without a transaction. The partial unique index on streaming messages makes a second
 * concurrent generation in the same conversation fail here, on any instance, storing nothing.
 */
export async function insertExchange(
  db: Db,
  input: {
    conversationId: string;
    newConversation?: { siteId: string; visitorId: string; title: string | null; locale: string | null };
    userMessageId: string;
    assistantMessageId: string;
    content: string;
    owner: string;
    model: string;
  },
): Promise<void> {
  const conversation = input.conversationId;
  const created = input.newConversation;
  const isNew = Boolean(created);
  try {
    await db.execute(sql`
      with created as (
        insert into ${conversations} (id, site_id, visitor_id, title, locale)
        select ${conversation}::uuid, ${created?.siteId ?? null}, ${created?.visitorId ?? null}::uuid,
               ${created?.title ?? null}, ${created?.locale ?? null}
        where ${isNew}::boolean
      ), touched as (
        update ${conversations} set updated_at = now()
        where id = ${conversation}::uuid and not ${isNew}::boolean
      )
      insert into ${chatMessages}
        (id, conversation_id, role, content, status, reply_to, run_owner, model, created_at)
      values
        (${input.userMessageId}::uuid, ${conversation}::uuid, 'user', ${input.content}, 'complete',
         null, null, null, clock_timestamp()),
        -- Always after the question, even when both rows get the same clock reading.
        (${input.assistantMessageId}::uuid, ${conversation}::uuid, 'assistant', '', 'streaming',
         ${input.userMessageId}::uuid, ${input.owner}, ${input.model}, clock_timestamp() + interval '1 millisecond')
    `);
  } catch (error) {
    if (isUniqueViolation(error, BUSY_INDEX)) throw new ConversationBusyError({ cause: error });
    throw error;
  }
}

/** Turns a failed or stopped answer back into a streaming one, for Retry. */
export async function restartAnswer(
  db: Db,
  input: { assistantMessageId: string; owner: string; model: string },
): Promise<boolean> {
  try {
    const rows = await db
      .update(chatMessages)
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
          eq(chatMessages.id, input.assistantMessageId),
          eq(chatMessages.role, 'assistant'),
          inArray(chatMessages.status, ['error', 'stopped']),
        ),
      )
      .returning({ id: chatMessages.id });
    return rows.length > 0;
  } catch (error) {
    if (isUniqueViolation(error, BUSY_INDEX)) throw new ConversationBusyError({ cause: error });
    throw error;
  }
}

/**
 * Saves the text so far of running answers, all in one statement; an answer that has finished
 * meanwhile is left alone.
 */
export async function saveProgress(db: Db, answers: Array<{ id: string; content: string }>): Promise<void> {
  if (answers.length === 0) return;
  const values = sql.join(
    answers.map((a) => sql`(${a.id}::uuid, ${a.content}::text)`),
    sql`, `,
  );
  await db.execute(sql`
    update ${chatMessages} set content = v.content, updated_at = clock_timestamp()
    from (values ${values}) as v(id, content)
    where ${chatMessages.id} = v.id and ${chatMessages.status} = 'streaming'
  `);
}

export type FinalState = {
  status: Exclude<MessageStatus, 'streaming'>;
  content: string;
  model?: string | null;
  errorCode?: string | null;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
  ttftMs?: number | null;
};

export async function finishAnswer(db: Db, id: string, state: FinalState): Promise<void> {
  await db
    .update(chatMessages)
    .set({
      status: state.status,
      content: state.content,
      model: state.model ?? undefined,
      errorCode: state.errorCode ?? null,
      promptTokens: state.usage?.promptTokens ?? null,
      completionTokens: state.usage?.completionTokens ?? null,
      totalTokens: state.usage?.totalTokens ?? null,
      ttftMs: state.ttftMs ?? null,
      runOwner: null,
      updatedAt: sql`clock_timestamp()`,
      completedAt: sql`clock_timestamp()`,
    })
    .where(and(eq(chatMessages.id, id), eq(chatMessages.status, 'streaming')));
}

/** Owners of answers still marked streaming. */
export async function streamingOwners(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ owner: chatMessages.runOwner })
    .from(chatMessages)
    .where(eq(chatMessages.status, 'streaming'));
  return rows.map((r) => r.owner ?? '');
}

/** Marks the answers of an instance that is gone as interrupted; returns how many. */
export async function interruptOwner(db: Db, owner: string): Promise<number> {
  const rows = await db
    .update(chatMessages)
    .set({
      status: 'error',
      errorCode: 'interrupted',
      runOwner: null,
      updatedAt: sql`clock_timestamp()`,
      completedAt: sql`clock_timestamp()`,
    })
    .where(
      and(
        eq(chatMessages.status, 'streaming'),
        owner ? eq(chatMessages.runOwner, owner) : sql`${chatMessages.runOwner} is null`,
      ),
    )
    .returning({ id: chatMessages.id });
  return rows.length;
}
