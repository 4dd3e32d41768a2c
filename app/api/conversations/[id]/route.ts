import { readConversation } from '@/lib/chat/read';
import { messagePageQuery } from '@/lib/contracts';
import { parseQuery } from '@/lib/http/body';
import { rawJson } from '@/lib/http/respond';
import { conversationRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

/** The conversation with its newest messages; `?before=<older>` pages back through the rest. */
export const GET = conversationRoute(async (request, { rt, who }, id) => {
  const page = parseQuery(request, messagePageQuery);
  return rawJson(await readConversation(rt, who, id, page));
});
