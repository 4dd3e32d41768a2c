import { authenticateVisitor } from '@/lib/auth';
import { readConversation } from '@/lib/chat/read';
import { getRuntime } from '@/lib/chat/runtime';
import { rawJson, route } from '@/lib/http/respond';
import { conversationId, type IdParams } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const rt = await getRuntime();
  const who = await authenticateVisitor(request, rt.db);
  return rawJson(await readConversation(rt, who, id));
});
