import { getVisitorConversation } from '@/db/queries/conversations';
import { listMessages } from '@/db/queries/messages';
import { getRuntime } from '@/lib/chat/runtime';
import { ParleyError } from '@/lib/errors';
import { requireCaller } from '@/lib/http/caller';
import { json, route } from '@/lib/http/respond';
import { conversationId, type IdParams } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const rt = await getRuntime();
  const { visitor } = await requireCaller(request, rt.db);
  const conversation = await getVisitorConversation(rt.db, id, visitor.id);
  if (!conversation) throw new ParleyError('not_found', 'No such conversation.');
  const messages = await listMessages(rt.db, id);
  return json({
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    messages,
  });
});
