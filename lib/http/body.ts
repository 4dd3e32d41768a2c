import * as z from 'zod/mini';
import { ParleyError } from '@/lib/errors';

export const MAX_BODY_BYTES = 64 * 1024;

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBytes(request, maxBytes));
}

async function readBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new ParleyError('payload_too_large', `The body is over ${maxBytes} bytes.`);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
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
  const bytes = await readBytes(request, maxBytes);
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
