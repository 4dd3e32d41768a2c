import { fromDatabase, ParleyError } from '@/lib/errors';
import { log } from '@/lib/log';

const noStore = { 'Cache-Control': 'no-store' };

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { ...noStore, ...init.headers } });
}

/** JSON that is already text (built by the database), sent as it is. */
export function rawJson(body: string, init: ResponseInit = {}): Response {
  return new Response(body, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...noStore, ...init.headers },
  });
}

/** Maps any error to the coded JSON refusal; unknown causes are logged, never shown. */
export function errorResponse(error: unknown, context: Record<string, unknown> = {}): Response {
  const parley =
    error instanceof ParleyError
      ? error
      : (fromDatabase(error) ?? new ParleyError('internal', undefined, { cause: error }));
  if (parley.status >= 500)
    log('error', 'request_failed', { code: parley.code, ...context, err: parley.cause });
  return json(parley.toJSON(), { status: parley.status, headers: parley.headers });
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler so that every failure becomes a coded JSON answer. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, { method: request.method, path: new URL(request.url).pathname });
    }
  };
}
