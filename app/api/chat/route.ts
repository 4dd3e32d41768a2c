import { getRuntime } from '@/lib/chat/runtime';
import { sendMessage } from '@/lib/chat/service';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { parseJson } from '@/lib/http/body';
import { requireCaller } from '@/lib/http/caller';
import { route } from '@/lib/http/respond';
import { sseResponse } from '@/lib/http/sse';
import { chatRequestSchema } from './schema';

export const dynamic = 'force-dynamic';

export const POST = route(async (request: Request) => {
  const input = await parseJson(request, chatRequestSchema);
  const limit = env().CHAT_MAX_INPUT_CHARS;
  if (input.content.length > limit) {
    throw new ParleyError('payload_too_large', `The message is over ${limit} characters.`, {
      details: { maxChars: limit },
    });
  }
  const rt = await getRuntime();
  const caller = await requireCaller(request, rt.db);
  const exchange = await sendMessage(rt, caller, input);
  return sseResponse(exchange.start, exchange.feed, request.signal);
});
