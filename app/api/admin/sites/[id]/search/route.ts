import { searchQuery } from '@/lib/contracts/knowledge';
import { adminRoute } from '@/lib/http/admin-route';
import { parseQuery } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { testSearch } from '@/lib/knowledge/admin';

export const dynamic = 'force-dynamic';

type Params = { id: string };

/** The chunks retrieval ranks for a question, with their scores: what an answer would be given. */
export const GET = adminRoute<Params>(async (request, { rt }, { id }) => {
  const { q, limit } = parseQuery(request, searchQuery);
  return json(await testSearch(rt, id, q, limit));
});
