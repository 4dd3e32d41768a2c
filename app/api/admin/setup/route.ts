import { countOwners } from '@/db/queries/owners';
import { setUp } from '@/lib/admin/accounts';
import { apiOwner } from '@/lib/admin/present';
import { assertSameOrigin, sessionCookie } from '@/lib/auth/admin';
import { setupRequest } from '@/lib/contracts/admin';
import { publicAdminRoute } from '@/lib/http/admin-route';
import { parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** Whether the first owner still has to be set up (with the code from the server log). */
export const GET = publicAdminRoute(async (_request, rt) =>
  json({ setupRequired: (await countOwners(rt.db)) === 0 }),
);

export const POST = publicAdminRoute(async (request, rt) => {
  assertSameOrigin(request);
  const input = await parseJson(request, setupRequest);
  const session = await setUp(rt.db, input, rt.now());
  return json(
    { owner: apiOwner(session.owner), csrfToken: session.csrfToken, via: 'session' },
    { status: 201, headers: { 'Set-Cookie': sessionCookie(request, session.token, session.expiresAt) } },
  );
});
