import { getRuntime } from '@/lib/chat/runtime';
import { resumeConversation } from '@/lib/chat/service';
import { requireCaller } from '@/lib/http/caller';
import { route } from '@/lib/http/respond';
import { sseResponse } from '@/lib/http/sse';
import { conversationId, type IdParams } from '../../schema';

export const dynamic = 'force-dynamic';

/** Resume: the answer being written (or the last one), as the same event stream as /api/chat. */
export const GET = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const rt = await getRuntime();
  const caller = await requireCaller(request, rt.db);
  const exchange = await resumeConversation(rt, caller, id);
  if (!exchange) return new Response(null, { status: 204 });
  return sseResponse(exchange.start, exchange.feed, request.signal);
});
