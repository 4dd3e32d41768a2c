import { ownOrigin } from '@/lib/auth/request';
import { decodeSegment, lookupEmbedSite } from '@/lib/embed/frame-policy';
import { originVerdict, verdictScript } from '@/lib/embed/origin-check';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

// Each refused origin is logged once per process: the owner who looks at the server, not at the
// browser's console, learns it too, and a busy misconfigured page does not flood the log.
const refused = new Set<string>();

/**
 * Asked by the loader before it draws the launcher: may the page that loads it (its Origin)
 * show this site's chat? Answered as a script; see lib/embed/origin-check.ts.
 */
export async function GET(request: Request, { params }: { params: Promise<{ siteId: string }> }) {
  const siteId = decodeSegment((await params).siteId);
  const origin = request.headers.get('origin');
  const verdict = originVerdict(await lookupEmbedSite(siteId), siteId, origin, ownOrigin(request));
  if (!verdict.allowed && origin && !refused.has(`${siteId} ${origin}`) && refused.size < 1000) {
    refused.add(`${siteId} ${origin}`);
    log('warn', 'embed_origin_refused', { siteId, origin });
  }
  return new Response(verdictScript(verdict), {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-store',
      // The loader asks with `crossorigin`, so that the browser sends the page's Origin.
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
