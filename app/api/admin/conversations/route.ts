import { listConversations } from '@/db/queries/console';
import { decodeCursor, encodeCursor, filterOf } from '@/lib/admin/conversations';
import { conversationQuery } from '@/lib/contracts/admin';
import { adminRoute } from '@/lib/http/admin-route';
import { parseQuery } from '@/lib/http/body';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** Conversations across sites, newest activity first, filtered and searched, a page at a time. */
export const GET = adminRoute(async (request, { rt }) => {
  const query = parseQuery(request, conversationQuery);
  const page = await listConversations(rt.db, filterOf(query), {
    limit: query.limit ?? 50,
    after: decodeCursor(query.cursor),
  });
  return json({ conversations: page.conversations, next: encodeCursor(page.next) });
});
