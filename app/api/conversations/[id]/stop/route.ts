import { stopConversation } from '@/lib/chat/stop';
import { json } from '@/lib/http/respond';
import { conversationRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

export const POST = conversationRoute(async (_request, { rt, who }, id) =>
  json(await stopConversation(rt, who, id)),
);
