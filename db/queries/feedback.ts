import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { chatMessages, conversations, messageFeedback } from '../schema';
import type { VisitorScope } from '../scope';

export type FeedbackInput = { rating: 1 | -1; comment: string | null };

/**
 * A visitor's vote on an answer of theirs that has ended (complete or stopped); a second vote
 * replaces the first. False (and nothing stored) when the message is not such an answer of theirs.
 */
export async function setFeedback(
  db: Db,
  scope: VisitorScope,
  messageId: string,
  input: FeedbackInput,
): Promise<boolean> {
  const m = chatMessages;
  const c = conversations;
  const f = messageFeedback;
  const rows = await selectRows<{ id: string }>(
    db,
    sql`
    insert into ${f} (message_id, conversation_id, rating, comment)
    select ${m.id}, ${m.conversationId}, ${input.rating}, ${input.comment}
    from ${m} join ${c} on ${c.id} = ${m.conversationId}
    where ${m.id} = ${messageId}::uuid and ${m.role} = 'assistant' and ${m.status} in ('complete', 'stopped')
      and ${c.siteId} = ${scope.siteId} and ${c.visitorId} = ${scope.visitorId}::uuid
    on conflict (message_id) do update
      set rating = excluded.rating, comment = excluded.comment, updated_at = now()
    returning message_id as id`,
  );
  return rows.length > 0;
}
