import { resumeConversation } from '@/lib/chat/resume';
import { sseResponse } from '@/lib/http/sse';
import { conversationRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

/** Resume: the answer being written (or the last one), as the same event stream as /api/chat. */
export const GET = conversationRoute(async (request, { rt, who }, id) => {
  const exchange = await resumeConversation(rt, who, id);
  if (!exchange) return new Response(null, { status: 204 });
  return sseResponse(exchange.start, exchange.feed, request.signal);
});
