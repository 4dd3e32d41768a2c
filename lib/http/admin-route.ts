import { type AdminPrincipal, authenticateAdmin } from '@/lib/auth/admin';
import { getRuntime, type Runtime } from '@/lib/chat/runtime';
import { route } from './respond';

type Asking = { rt: Runtime; who: AdminPrincipal };
type Context<P> = { params: Promise<P> };

/** Every answer of the admin API: never cached, never framed. */
export const ADMIN_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
} as const;

function withAdminHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(ADMIN_HEADERS)) response.headers.set(name, value);
  return response;
}

/** A route of the admin API that needs no one logged in yet (setup, login). */
export function publicAdminRoute<P = Record<string, never>>(
  handler: (request: Request, rt: Runtime, params: P) => Promise<Response>,
) {
  const wrapped = route(async (request: Request, context: Context<P>) => {
    const rt = await getRuntime();
    return handler(request, rt, await context.params);
  });
  return async (request: Request, context: Context<P>) => withAdminHeaders(await wrapped(request, context));
}

/** A route of the admin API: an owner's session (with CSRF for changes) or an admin token, first. */
export function adminRoute<P = Record<string, never>>(
  handler: (request: Request, asking: Asking, params: P) => Promise<Response>,
) {
  const wrapped = route(async (request: Request, context: Context<P>) => {
    const rt = await getRuntime();
    const who = await authenticateAdmin(request, rt.db, rt.now());
    return handler(request, { rt, who }, await context.params);
  });
  return async (request: Request, context: Context<P>) => withAdminHeaders(await wrapped(request, context));
}
