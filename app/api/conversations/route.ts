import { authenticateVisitor } from '@/lib/auth';
import { readConversations } from '@/lib/chat/read';
import { getRuntime } from '@/lib/chat/runtime';
import { json, route } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export const GET = route(async (request: Request) => {
  const rt = await getRuntime();
  const who = await authenticateVisitor(request, rt.db);
  return json(await readConversations(rt, who));
});
