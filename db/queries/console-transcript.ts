import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { conversations as c, messageFeedback as f, chatMessages as m, visitors as v } from '../schema';

/** A conversation as the console shows it: every message with what it cost and its feedback. */
export async function consoleTranscript(db: Db, conversationId: string) {
  const [conversation] = await db
    .select({
      id: c.id,
      siteId: c.siteId,
      visitorId: c.visitorId,
      // Who the host site signed in (signed identity); null for an anonymous visitor.
      userId: v.externalId,
      userName: v.name,
      userEmail: v.email,
      title: c.title,
      locale: c.locale,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    })
    .from(c)
    .innerJoin(v, eq(v.id, c.visitorId))
    .where(eq(c.id, conversationId))
    .limit(1);
  if (!conversation) return undefined;
  const messages = await db
    .select({
      id: m.id,
      role: m.role,
      content: m.content,
      status: m.status,
      model: m.model,
      errorCode: m.errorCode,
      replyTo: m.replyTo,
      promptTokens: m.promptTokens,
      completionTokens: m.completionTokens,
      ttftMs: m.ttftMs,
      retrieval: m.retrieval,
      citations: m.citations,
      createdAt: m.createdAt,
      completedAt: m.completedAt,
      rating: f.rating,
      comment: f.comment,
    })
    .from(m)
    .leftJoin(f, eq(f.messageId, m.id))
    .where(eq(m.conversationId, conversationId))
    .orderBy(asc(m.createdAt), asc(m.id));
  return { conversation, messages };
}

/** Deletes a conversation with its messages and feedback (ON DELETE CASCADE); false when unknown. */
export async function deleteConversation(db: Db, conversationId: string): Promise<boolean> {
  const rows = await db.delete(c).where(eq(c.id, conversationId)).returning({ id: c.id });
  return rows.length > 0;
}
