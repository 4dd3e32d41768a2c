import { listConversations } from '@/db/queries/conversations';
import { conversationJson, type MessagePage } from '@/db/queries/transcript';
import type { VisitorPrincipal } from '@/lib/auth';
import type { ApiConversation } from '@/lib/contracts';
import { ParleyError } from '@/lib/errors';
import type { Runtime } from './runtime';

/** The visitor's conversations, newest activity first (the `conversationList` contract). */
export async function readConversations(
  rt: Runtime,
  who: VisitorPrincipal,
): Promise<{ conversations: ApiConversation[] }> {
  const rows = await listConversations(rt.db, who.scope);
  return {
    conversations: rows.map((row) => ({
      id: row.id,
      title: row.title,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
  };
}

/** A conversation of the visitor with a page of its messages, as JSON text (the `apiConversation` contract). */
export async function readConversation(
  rt: Runtime,
  who: VisitorPrincipal,
  conversationId: string,
  page: MessagePage,
): Promise<string> {
  const body = await conversationJson(rt.db, who.scope, conversationId, page);
  if (!body) throw new ParleyError('not_found', 'No such conversation.');
  return body;
}
