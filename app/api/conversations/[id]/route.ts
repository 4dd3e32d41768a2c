import { readConversation } from '@/lib/chat/read';
import { rawJson } from '@/lib/http/respond';
import { conversationRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

export const GET = conversationRoute(async (_request, { rt, who }, id) =>
  rawJson(await readConversation(rt, who, id)),
);
