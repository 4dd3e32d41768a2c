import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { conversations } from '../schema';

export type ConversationSummary = {
  id: string;
  title: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export async function listConversations(
  db: Db,
  visitorId: string,
  limit = 50,
): Promise<ConversationSummary[]> {
  return db
    .select({
      id: conversations.id,
      title: conversations.title,
      createdAt: conversations.createdAt,
      updatedAt: conversations.updatedAt,
    })
    .from(conversations)
    .where(eq(conversations.visitorId, visitorId))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(limit);
}

/** A conversation only when it is this visitor's: callers answer 404 otherwise, never 403. */
export async function getVisitorConversation(db: Db, id: string, visitorId: string) {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.visitorId, visitorId)))
    .limit(1);
  return row;
}

export async function createConversation(
  db: Db,
  values: { siteId: string; visitorId: string; title: string | null; locale?: string | null },
) {
  const [row] = await db.insert(conversations).values(values).returning();
  return row;
}
