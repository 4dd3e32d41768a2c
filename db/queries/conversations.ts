import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { conversations } from '../schema';
import { inScope, type Scope, type VisitorScope } from '../scope';

export type ConversationSummary = {
  id: string;
  title: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export async function listConversations(
  db: Db,
  scope: VisitorScope,
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
    .where(inScope(scope))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(limit);
}

/** A conversation only when it is in the scope: callers answer 404 otherwise, never 403. */
export async function getConversation(db: Db, scope: Scope, id: string) {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, id), inScope(scope)))
    .limit(1);
  return row;
}

export async function createConversation(
  db: Db,
  scope: VisitorScope,
  values: { title: string | null; locale?: string | null },
) {
  const [row] = await db
    .insert(conversations)
    .values({ ...values, siteId: scope.siteId, visitorId: scope.visitorId })
    .returning();
  return row;
}
