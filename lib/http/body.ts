import * as z from 'zod/mini';
import { ParleyError } from '@/lib/errors';

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * How long a body may take to arrive: a JSON body is small, an upload may be 20 MB on a slow line.
 * A client that trickles its body holds a socket and a request no longer than this.
 */
export const JSON_BODY_MS = 10_000;
export const FORM_BODY_MS = 120_000;

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBytes(request, maxBytes, JSON_BODY_MS);
  try {
    // Bytes that are not UTF-8 are refused, not silently turned into U+FFFD and stored.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ParleyError('invalid_json', 'The request body is not valid UTF-8.');
  }
}

/** The next chunk, or a 408 when the body's time is up. */
function readBefore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ParleyError('request_timeout')), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([reader.read(), late]).finally(() => clearTimeout(timer));
}

async function readBytes(request: Request, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new ParleyError('payload_too_large', `The body is over ${maxBytes} bytes.`);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const deadline = Date.now() + timeoutMs;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await readBefore(reader, deadline);
    } catch (error) {
      // Not awaited: cancelling a body whose client has gone quiet may wait for that client.
      void reader.cancel().catch(() => {});
      // A client that went away mid-body (ECONNRESET, "aborted") is not a database failure, nor
      // anything to log as an error.
      throw error instanceof ParleyError
        ? error
        : new ParleyError('invalid_request', 'The request body was cut off before its end.', {
            cause: error,
          });
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ParleyError('payload_too_large', `The body is over ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads a multipart/form-data body within the size limit (an upload). */
export async function parseForm(request: Request, maxBytes: number): Promise<FormData> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type.trim())) throw new ParleyError('unsupported_media_type');
  const bytes = await readBytes(request, maxBytes, FORM_BODY_MS);
  try {
    return await new Response(new Uint8Array(bytes), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new ParleyError('invalid_request', 'The form data could not be read.');
  }
}

/** Reads a JSON body within the size limit and validates it; every failure is a coded 4xx. */
export async function parseJson<S extends z.ZodMiniType>(
  request: Request,
  schema: S,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type.trim())) throw new ParleyError('unsupported_media_type');
  const text = await readLimited(request, maxBytes);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ParleyError('invalid_json');
  }
  return validated(schema, data, 'body');
}

/** Validates the URL's query parameters; a failure is a coded 400 naming the parameter. */
export function parseQuery<S extends z.ZodMiniType>(request: Request, schema: S): z.infer<S> {
  return validated(schema, Object.fromEntries(new URL(request.url).searchParams), 'query');
}

function validated<S extends z.ZodMiniType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = z.safeParse(schema, data);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    const first = issues[0];
    throw new ParleyError('invalid_request', first ? `${first.path || where}: ${first.message}` : undefined, {
      details: issues,
    });
  }
  return result.data;
}
