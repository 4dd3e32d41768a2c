import * as z from 'zod/mini';
import { revokeApiToken } from '@/db/queries/owners';
import { ParleyError } from '@/lib/errors';
import { adminRoute } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/** Revokes a token: the next request that carries it is refused. */
export const DELETE = adminRoute<{ id: string }>(async (_request, { rt }, params) => {
  const id = z.safeParse(z.uuid(), params.id);
  if (!id.success || !(await revokeApiToken(rt.db, id.data, new Date(rt.now())))) {
    throw new ParleyError('not_found', 'No such token, or it is revoked already.');
  }
  return new Response(null, { status: 204 });
});
