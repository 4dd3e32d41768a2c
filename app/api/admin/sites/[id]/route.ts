import { ownOrigin } from '@/lib/auth/request';
import { siteUpdate } from '@/lib/contracts/admin';
import { adminRoute } from '@/lib/http/admin-route';
import { parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { apiSite, changeSite, oneSite, removeSite } from '@/lib/sites/admin';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = adminRoute<Params>(async (request, { rt }, { id }) =>
  json({ site: apiSite(await oneSite(rt.database, id), ownOrigin(request)) }),
);

/** Changes some settings (null: back to the environment's value); the next message on every instance uses them. */
export const PATCH = adminRoute<Params>(async (request, { rt }, { id }) => {
  const input = await parseJson(request, siteUpdate);
  return json({ site: apiSite(await changeSite(rt.database, id, input), ownOrigin(request)) });
});

/** Deletes a site with its visitors and conversations; its chats end with an error. */
export const DELETE = adminRoute<Params>(async (_request, { rt }, { id }) => {
  await removeSite(rt.database, id);
  return new Response(null, { status: 204 });
});
