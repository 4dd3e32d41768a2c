import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/respond';
import { syncNow } from '@/lib/knowledge/admin';

export const dynamic = 'force-dynamic';

type Params = { id: string; sourceId: string };

/** Reads the source again now (a page whose text has not changed is not embedded again). */
export const POST = adminRoute<Params>(async (_request, { rt }, { id, sourceId }) =>
  json({ source: await syncNow(rt, id, sourceId) }, { status: 202 }),
);
