import { DEFAULT_SITE_ID } from '@/db/queries/sites';
import { authenticateGuest } from '@/lib/auth';
import { getRuntime } from '@/lib/chat/runtime';
import { createVisitorRequest } from '@/lib/contracts';
import { parseJson } from '@/lib/http/body';
import { json, route } from '@/lib/http/respond';
import { newVisitor } from '@/lib/visitors';

export const dynamic = 'force-dynamic';

export const POST = route(async (request: Request) => {
  // An empty body is allowed: an anonymous visitor of the default site.
  const hasBody =
    request.headers.has('content-type') || Number(request.headers.get('content-length') ?? '0') > 0;
  const input = hasBody ? await parseJson(request, createVisitorRequest) : {};
  const rt = await getRuntime();
  const guest = await authenticateGuest(request, rt.db, input.siteId ?? DEFAULT_SITE_ID);
  return json(await newVisitor(rt, guest, request, input.user), { status: 201 });
});
