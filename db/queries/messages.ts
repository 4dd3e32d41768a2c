import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { isUniqueViolation, ParleyError } from '@/lib/errors';
import type { Db } from '../client';
import { type ChatMessage, chatMessages, conversations, type MessageStatus } from '../schema';

export type PublicMessage = Pick<
  ChatMessage,
  'id' | 'role' | 'content' | 'status' | 'model' | 'errorCode' | 'replyTo' | 'createdAt'
>;

const publicColumns = {
  id: chatMessages.id,
  role: chatMessages.role,
  content: chatMessages.content,
  status: chatMessages.status,
  model: chatMessages.model,
  errorCode: chatMessages.errorCode,
  replyTo: chatMessages.replyTo,
  createdAt: chatMessages.createdAt,
};

export async function listMessages(db: Db, conversationId: string): Promise<PublicMessage[]> {
  return db
    .select(publicColumns)
    .from(chatMessages)
    .where(eq(chatMessages.conversationId, conversationId))
    .orderBy(asc(chatMessages.createdAt), asc(chatMessages.id));
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
    if (isUniqueViolation(error, BUSY_INDEX)) throw new ParleyError('busy', undefined, { cause: error });
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
    if (isUniqueViolation(error, BUSY_INDEX)) throw new ParleyError('busy', undefined, { cause: error });
    throw error;
  }
}

/** Saves the text so far of a running answer; a no-op once the answer has finished. */
export async function saveProgress(db: Db, id: string, content: string): Promise<void> {
  await db
    .update(chatMessages)
    .set({ content, updatedAt: sql`clock_timestamp()` })
    .where(and(eq(chatMessages.id, id), eq(chatMessages.status, 'streaming')));
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
