import { sendMessage } from '@/lib/chat/send';
import { chatRequest } from '@/lib/contracts';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { parseJson } from '@/lib/http/body';
import { sseResponse } from '@/lib/http/sse';
import { visitorRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

export const POST = visitorRoute(async (request, { rt, who }) => {
  const input = await parseJson(request, chatRequest);
  const limit = env().CHAT_MAX_INPUT_CHARS;
  if (input.content.length > limit) {
    throw new ParleyError('payload_too_large', `The message is over ${limit} characters.`, {
      details: { maxChars: limit },
    });
  }
  const exchange = await sendMessage(rt, who, input);
  return sseResponse(exchange.start, exchange.feed, request.signal);
});
