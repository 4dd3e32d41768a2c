import { authenticateVisitor } from '@/lib/auth';
import { retryAnswer } from '@/lib/chat/retry';
import { getRuntime } from '@/lib/chat/runtime';
import { retryRequest } from '@/lib/contracts';
import { parseJson } from '@/lib/http/body';
import { route } from '@/lib/http/respond';
import { sseResponse } from '@/lib/http/sse';
import { conversationId, type IdParams } from '../../schema';

export const dynamic = 'force-dynamic';

export const POST = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const input = await parseJson(request, retryRequest);
  const rt = await getRuntime();
  const who = await authenticateVisitor(request, rt.db);
  const exchange = await retryAnswer(rt, who, { conversationId: id, ...input });
  return sseResponse(exchange.start, exchange.feed, request.signal);
});
