import * as z from 'zod/mini';
import { authenticateVisitor, type VisitorPrincipal } from '@/lib/auth';
import { getRuntime, type Runtime } from '@/lib/chat/runtime';
import { ParleyError } from '@/lib/errors';
import { route } from './respond';

type Asking = { rt: Runtime; who: VisitorPrincipal };
type Context<P> = { params: Promise<P> };

/**
 * A route of the visitor API. Who is asking is settled first (lib/auth), before the body is read,
 * so that a request without a valid token costs one lookup and nothing more.
 */
export function visitorRoute<P = Record<string, never>>(
  handler: (request: Request, asking: Asking, params: P) => Promise<Response>,
) {
  return route(async (request: Request, context: Context<P>) => {
    const rt = await getRuntime();
    const who = await authenticateVisitor(request, rt.db);
    return handler(request, { rt, who }, await context.params);
  });
}

/** A route under /api/conversations/{id}: a malformed id is a 404, like any id not the visitor's. */
export function conversationRoute(
  handler: (request: Request, asking: Asking, conversationId: string) => Promise<Response>,
) {
  return visitorRoute<{ id: string }>(async (request, asking, params) => {
    const parsed = z.safeParse(z.uuid(), params.id);
    if (!parsed.success) throw new ParleyError('not_found', 'No such conversation.');
    return handler(request, asking, parsed.data);
  });
}
