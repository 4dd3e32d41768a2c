import { getRuntime } from '@/lib/chat/runtime';
import { retryAnswer } from '@/lib/chat/service';
import { parseJson } from '@/lib/http/body';
import { requireCaller } from '@/lib/http/caller';
import { route } from '@/lib/http/respond';
import { sseResponse } from '@/lib/http/sse';
import { conversationId, type IdParams, retrySchema } from '../../schema';

export const dynamic = 'force-dynamic';

export const POST = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const input = await parseJson(request, retrySchema);
  const rt = await getRuntime();
  const caller = await requireCaller(request, rt.db);
  const exchange = await retryAnswer(rt, caller, { conversationId: id, ...input });
  return sseResponse(exchange.start, exchange.feed, request.signal);
});
