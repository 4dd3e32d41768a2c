import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type ChatMessage, chatMessages, type MessageStatus } from '../schema';

/*
 * The runtime's own bookkeeping of the answers it runs. These take a message id that a scoped
 * read or write (db/queries/turns.ts) has already tied to its visitor; no visitor reaches them.
 */

/** The stored state of an answer: its text so far, status and who runs it. */
export async function getAnswerState(db: Db, id: string): Promise<ChatMessage | undefined> {
  const [row] = await db.select().from(chatMessages).where(eq(chatMessages.id, id)).limit(1);
  return row;
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
  fellBack?: boolean;
  /** The knowledge given to the model and the sources the answer cited (lib/knowledge/ground.ts). */
  retrieval?: unknown;
  citations?: unknown;
};

export async function finishAnswer(db: Db, id: string, state: FinalState): Promise<boolean> {
  const rows = await db
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
      fellBack: state.fellBack ?? false,
      retrieval: state.retrieval ?? null,
      citations: state.citations ?? null,
      runOwner: null,
      updatedAt: sql`clock_timestamp()`,
      completedAt: sql`clock_timestamp()`,
    })
    .where(and(eq(chatMessages.id, id), eq(chatMessages.status, 'streaming')))
    .returning({ id: chatMessages.id });
  return rows.length > 0;
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
