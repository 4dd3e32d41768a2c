import { getRuntime } from '@/lib/chat/runtime';
import { stopConversation } from '@/lib/chat/service';
import { requireCaller } from '@/lib/http/caller';
import { json, route } from '@/lib/http/respond';
import { conversationId, type IdParams } from '../../schema';

export const dynamic = 'force-dynamic';

export const POST = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const rt = await getRuntime();
  const caller = await requireCaller(request, rt.db);
  return json(await stopConversation(rt, caller, id));
});
