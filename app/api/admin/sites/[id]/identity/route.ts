import { identityRotate } from '@/lib/contracts/admin';
import { adminRoute } from '@/lib/http/admin-route';
import { parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { rotateSiteSecret, siteIdentity } from '@/lib/identity/admin';

export const dynamic = 'force-dynamic';

type Params = { id: string };

/** The site's identity secrets (owners only: never a visitor, never a page of the chat). */
export const GET = adminRoute<Params>(async (_request, { rt }, { id }) =>
  json(await siteIdentity(rt.database, id, rt.now())),
);

/** A new secret; the ones in use keep working for `graceHours`. */
export const POST = adminRoute<Params>(async (request, { rt }, { id }) => {
  const { graceHours } = await parseJson(request, identityRotate);
  return json(await rotateSiteSecret(rt.database, id, graceHours, rt.now()), { status: 201 });
});
