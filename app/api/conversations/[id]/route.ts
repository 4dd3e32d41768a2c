import { conversationJson } from '@/db/queries/messages';
import { getRuntime } from '@/lib/chat/runtime';
import { ParleyError } from '@/lib/errors';
import { requireCaller } from '@/lib/http/caller';
import { rawJson, route } from '@/lib/http/respond';
import { conversationId, type IdParams } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = route(async (request: Request, context: IdParams) => {
  const id = await conversationId(context);
  const rt = await getRuntime();
  const { visitor } = await requireCaller(request, rt.db);
  const body = await conversationJson(rt.db, id, visitor.id);
  if (!body) throw new ParleyError('not_found', 'No such conversation.');
  return rawJson(body);
});
