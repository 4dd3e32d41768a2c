import { listConversations } from '@/db/queries/conversations';
import { getRuntime } from '@/lib/chat/runtime';
import { requireCaller } from '@/lib/http/caller';
import { json, route } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export const GET = route(async (request: Request) => {
  const rt = await getRuntime();
  const { visitor } = await requireCaller(request, rt.db);
  const conversations = await listConversations(rt.db, visitor.id);
  return json({ conversations });
});
