import { logIn, logOut } from '@/lib/admin/accounts';
import { apiOwner } from '@/lib/admin/present';
import { assertSameOrigin, sessionCookie, sessionToken } from '@/lib/auth/admin';
import { clientIp } from '@/lib/auth/request';
import { loginRequest } from '@/lib/contracts/admin';
import { adminRoute, publicAdminRoute } from '@/lib/http/admin-route';
import { parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** Who is asking: the owner of this session (with its CSRF token), or an admin token. */
export const GET = adminRoute(async (_request, { who }) =>
  json(
    who.kind === 'owner'
      ? { owner: apiOwner(who.owner), csrfToken: who.csrfToken, via: 'session' }
      : { owner: null, csrfToken: null, via: 'token' },
  ),
);

/** Logs in with email and password: a session cookie, and the CSRF token for changes. */
export const POST = publicAdminRoute(async (request, rt) => {
  assertSameOrigin(request);
  const input = await parseJson(request, loginRequest);
  const session = await logIn(rt.db, { ...input, ip: clientIp(request) }, rt.now());
  return json(
    { owner: apiOwner(session.owner), csrfToken: session.csrfToken, via: 'session' },
    { headers: { 'Set-Cookie': sessionCookie(request, session.token, session.expiresAt) } },
  );
});

/** Logs out: the session ends on the server, and the cookie is cleared. */
export const DELETE = adminRoute(async (request, { rt, who }) => {
  const token = sessionToken(request);
  if (who.kind === 'owner' && token) await logOut(rt.db, token);
  return new Response(null, { status: 204, headers: { 'Set-Cookie': sessionCookie(request, '', null) } });
});
