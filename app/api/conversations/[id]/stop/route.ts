import { authenticateVisitor } from '@/lib/auth';
import { getRuntime } from '@/lib/chat/runtime';
import { stopConversation } from '@/lib/chat/stop';
import { json, route } from '@/lib/http/respond';
import { conversationId, type IdParams } from '../../schema';

export const dynamic = 'force-dynamic';

export const POST = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const rt = await getRuntime();
  const who = await authenticateVisitor(request, rt.db);
  return json(await stopConversation(rt, who, id));
});
