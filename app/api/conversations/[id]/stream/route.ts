import { authenticateVisitor } from '@/lib/auth';
import { resumeConversation } from '@/lib/chat/resume';
import { getRuntime } from '@/lib/chat/runtime';
import { route } from '@/lib/http/respond';
import { sseResponse } from '@/lib/http/sse';
import { conversationId, type IdParams } from '../../schema';

export const dynamic = 'force-dynamic';

/** Resume: the answer being written (or the last one), as the same event stream as /api/chat. */
export const GET = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const rt = await getRuntime();
  const who = await authenticateVisitor(request, rt.db);
  const exchange = await resumeConversation(rt, who, id);
  if (!exchange) return new Response(null, { status: 204 });
  return sseResponse(exchange.start, exchange.feed, request.signal);
});
