import { createApiToken, listApiTokens } from '@/db/queries/owners';
import { apiToken } from '@/lib/admin/present';
import { randomToken, sha256 } from '@/lib/admin/secrets';
import { tokenCreate } from '@/lib/contracts/admin';
import { adminRoute } from '@/lib/http/admin-route';
import { parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export const GET = adminRoute(async (_request, { rt }) =>
  json({ tokens: (await listApiTokens(rt.db)).map(apiToken) }),
);

/** A new named token: its secret is in this answer and nowhere else, ever. */
export const POST = adminRoute(async (request, { rt, who }) => {
  const { name } = await parseJson(request, tokenCreate);
  const secret = randomToken('pat_');
  const token = await createApiToken(rt.db, {
    name,
    tokenHash: sha256(secret),
    prefix: secret.slice(0, 8),
    createdBy: who.kind === 'owner' ? who.owner.id : null,
  });
  return json({ token: apiToken(token), secret }, { status: 201 });
});
