import * as z from 'zod/mini';
import { apiRefusal } from '@/lib/contracts';
import { sessionInfo } from '@/lib/contracts/admin';

/** A refusal of the admin API (docs/admin-api.md), or a network failure (status 0). */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    /** What the API adds to a refusal: for a 400, the invalid fields (`[{ path, message }]`). */
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** Sent on window when the API says the session has ended: the console shows the login again. */
export const SIGNED_OUT_EVENT = 'parley-console:signed-out';

type Schema<T> = z.core.$ZodType<T>;
type Options = { body?: unknown; signal?: AbortSignal; anonymous?: boolean };

let csrf: Promise<string> | null = null;

/** After login or setup, the answer carries the session's CSRF token already. */
export function rememberCsrf(token: string | null): void {
  csrf = token ? Promise.resolve(token) : null;
}

/** Every change made with the session sends its CSRF token, read once from GET /api/admin/session. */
function csrfToken(): Promise<string> {
  csrf ??= send('GET', '/api/admin/session', sessionInfo, {}).then((info) => info.csrfToken ?? '');
  csrf.catch(() => {
    csrf = null;
  });
  return csrf;
}

function retryAfter(response: Response, details: unknown): number | null {
  const header = Number(response.headers.get('retry-after'));
  if (Number.isFinite(header) && header > 0) return header;
  const parsed = z.safeParse(z.object({ retryAfterSeconds: z.number() }), details);
  return parsed.success ? parsed.data.retryAfterSeconds : null;
}

async function send<T>(method: string, path: string, schema: Schema<T> | null, options: Options): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && !options.anonymous) headers['x-csrf-token'] = await csrfToken();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new AdminApiError(0, 'network', 'The server could not be reached.');
  }
  return answer(response, schema, options);
}

/** An answer of the admin API: parsed with its schema, or thrown as an AdminApiError. */
async function answer<T>(response: Response, schema: Schema<T> | null, options: Options): Promise<T> {
  if (!response.ok) {
    const refusal = z.safeParse(apiRefusal, await response.json().catch(() => null));
    const error = refusal.success
      ? new AdminApiError(
          response.status,
          refusal.data.error.code,
          refusal.data.error.message,
          retryAfter(response, refusal.data.error.details),
          refusal.data.error.details,
        )
      : new AdminApiError(response.status, 'internal', `HTTP ${response.status}`);
    if (response.status === 401 && !options.anonymous) {
      csrf = null;
      window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    }
    throw error;
  }
  if (schema === null || response.status === 204) return undefined as T;
  return z.parse(schema, await response.json());
}

/**
 * One call of the admin API with the console's session cookie. A change whose CSRF token no longer
 * matches (the session was replaced in another tab) reads the token again and is tried once more.
 */
export async function adminApi<T>(
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH',
  path: string,
  schema: Schema<T> | null,
  options: Options = {},
): Promise<T> {
  try {
    return await send(method, path, schema, options);
  } catch (error) {
    if (method === 'GET' || options.anonymous || !(error instanceof AdminApiError)) throw error;
    if (error.status !== 403) throw error;
    csrf = null;
    return send(method, path, schema, options);
  }
}

type UploadOptions = { signal?: AbortSignal; onProgress?: (sent: number, total: number) => void };

/** One multipart/form-data POST with the session, reporting the bytes sent (fetch cannot). */
async function sendForm<T>(path: string, form: FormData, schema: Schema<T>, options: UploadOptions) {
  const token = await csrfToken();
  const response = await new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => {
      const retry = xhr.getResponseHeader('retry-after');
      const body = xhr.status === 204 ? null : xhr.responseText;
      resolve(new Response(body, { status: xhr.status, headers: retry ? { 'retry-after': retry } : {} }));
    };
    xhr.onerror = () => reject(new AdminApiError(0, 'network', 'The server could not be reached.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
  return answer(response, schema, {});
}

/**
 * Uploads a form (a knowledge file) to the admin API with the session, as adminApi sends JSON: a
 * stale CSRF token is read again and the upload tried once more.
 */
export async function adminUpload<T>(
  path: string,
  form: FormData,
  schema: Schema<T>,
  options: UploadOptions = {},
): Promise<T> {
  try {
    return await sendForm(path, form, schema, options);
  } catch (error) {
    if (!(error instanceof AdminApiError) || error.status !== 403) throw error;
    csrf = null;
    return sendForm(path, form, schema, options);
  }
}
