import { sourceCreate } from '@/lib/contracts/knowledge';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { adminRoute } from '@/lib/http/admin-route';
import { parseForm, parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { addFile, addSource, siteSources } from '@/lib/knowledge/admin';

export const dynamic = 'force-dynamic';

/** The upload's form, within the file limit (plus room for the form's own fields). */
async function uploadForm(request: Request): Promise<FormData> {
  const mb = env().KNOWLEDGE_MAX_FILE_MB;
  try {
    return await parseForm(request, mb * 1024 * 1024 + 64 * 1024);
  } catch (error) {
    if (error instanceof ParleyError && error.code === 'payload_too_large') {
      throw new ParleyError('payload_too_large', `The file is over ${mb} MB (KNOWLEDGE_MAX_FILE_MB).`);
    }
    throw error;
  }
}

type Params = { id: string };

/** The site's knowledge sources, each with its status, chunks and last sync. */
export const GET = adminRoute<Params>(async (_request, { rt }, { id }) => json(await siteSources(rt, id)));

/** A new source: JSON (text, qa, url) or multipart/form-data with a `file`; synced in the background. */
export const POST = adminRoute<Params>(async (request, { rt }, { id }) => {
  const type = request.headers.get('content-type') ?? '';
  const created = /^multipart\/form-data\b/i.test(type.trim())
    ? await addFile(rt, id, await uploadForm(request))
    : await addSource(rt, id, await parseJson(request, sourceCreate));
  return json(created, { status: 202 });
});
