import { revokeVisitorToken } from '@/db/queries/identity';
import { forgetToken } from '@/lib/auth';
import { bearerToken } from '@/lib/auth/request';
import { visitorRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

/**
 * Signs this browser out (Parley('reset') on the host's logout): an identified visitor's token
 * stops working; their conversations stay, for their other browsers and their next sign-in. An
 * anonymous visitor's token is their only key to their conversations and is left as it is.
 */
export const DELETE = visitorRoute(async (request, { rt, who }) => {
  const token = bearerToken(request);
  if (token && who.visitor.externalId !== null) {
    await revokeVisitorToken(rt.db, token);
    forgetToken(token);
  }
  return new Response(null, { status: 204 });
});
