import { retryAnswer } from '@/lib/chat/retry';
import { retryRequest } from '@/lib/contracts';
import { parseJson } from '@/lib/http/body';
import { sseResponse } from '@/lib/http/sse';
import { conversationRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

export const POST = conversationRoute(async (request, { rt, who }, id) => {
  const input = await parseJson(request, retryRequest);
  const exchange = await retryAnswer(rt, who, { conversationId: id, ...input });
  return sseResponse(exchange.start, exchange.feed, request.signal);
});
