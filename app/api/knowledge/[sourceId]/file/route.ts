import { citedPdf } from '@/db/queries/knowledge';
import { getRuntime } from '@/lib/chat/runtime';
import { ParleyError } from '@/lib/errors';
import { route } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An uploaded PDF that answers cite, so that a citation opens it at its page (`#page=N`). Anyone
 * holding the link (an unguessable id) may read it, as anyone may read what the assistant quotes
 * from it; other files are never served (docs/knowledge.md).
 */
export const GET = route(async (_request: Request, context: { params: Promise<{ sourceId: string }> }) => {
  const { sourceId } = await context.params;
  if (!UUID.test(sourceId)) throw new ParleyError('not_found');
  const rt = await getRuntime();
  const file = await citedPdf(rt.db, sourceId);
  if (!file) throw new ParleyError('not_found');
  const name = file.name.replace(/[^\w.\- ]+/g, '_');
  return new Response(new Uint8Array(file.data), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${name}"`,
      'Content-Length': String(file.data.byteLength),
      'Cache-Control': 'private, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
