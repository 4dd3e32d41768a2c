import * as z from 'zod/mini';
import { removeOwner } from '@/lib/admin/accounts';
import { ParleyError } from '@/lib/errors';
import { adminRoute } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/** Removes an owner (never the last one); their sessions end with them. */
export const DELETE = adminRoute<{ id: string }>(async (_request, { rt }, params) => {
  const id = z.safeParse(z.uuid(), params.id);
  if (!id.success) throw new ParleyError('not_found', 'No such owner.');
  await removeOwner(rt.db, id.data);
  return new Response(null, { status: 204 });
});
