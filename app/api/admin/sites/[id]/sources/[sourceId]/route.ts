import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/respond';
import { oneSource, removeSource } from '@/lib/knowledge/admin';

export const dynamic = 'force-dynamic';

type Params = { id: string; sourceId: string };

export const GET = adminRoute<Params>(async (_request, { rt }, { id, sourceId }) =>
  json({ source: await oneSource(rt, id, sourceId) }),
);

/** Deletes the source with its chunks: answers stop using it at once. */
export const DELETE = adminRoute<Params>(async (_request, { rt }, { id, sourceId }) => {
  await removeSource(rt, id, sourceId);
  return new Response(null, { status: 204 });
});
