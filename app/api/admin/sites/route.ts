import { ownOrigin } from '@/lib/auth/request';
import { siteCreate } from '@/lib/contracts/admin';
import { adminRoute } from '@/lib/http/admin-route';
import { parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { addSite, allSites, apiSite } from '@/lib/sites/admin';

export const dynamic = 'force-dynamic';

export const GET = adminRoute(async (request, { rt }) => {
  const origin = ownOrigin(request);
  return json({ sites: (await allSites(rt.database)).map((site) => apiSite(site, origin)) });
});

export const POST = adminRoute(async (request, { rt }) => {
  const input = await parseJson(request, siteCreate);
  return json({ site: apiSite(await addSite(rt.database, input), ownOrigin(request)) }, { status: 201 });
});
