import { listOwners } from '@/db/queries/owners';
import { addOwner } from '@/lib/admin/accounts';
import { apiOwner } from '@/lib/admin/present';
import { ownerCreate } from '@/lib/contracts/admin';
import { adminRoute } from '@/lib/http/admin-route';
import { parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export const GET = adminRoute(async (_request, { rt }) =>
  json({ owners: (await listOwners(rt.db)).map(apiOwner) }),
);

export const POST = adminRoute(async (request, { rt }) => {
  const input = await parseJson(request, ownerCreate);
  return json({ owner: apiOwner(await addOwner(rt.db, input)) }, { status: 201 });
});
