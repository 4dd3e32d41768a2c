import * as z from 'zod/mini';
import { setFeedback } from '@/db/queries/feedback';
import { feedbackRequest } from '@/lib/contracts';
import { ParleyError } from '@/lib/errors';
import { parseJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { visitorRoute } from '@/lib/http/visitor-route';

export const dynamic = 'force-dynamic';

/** A visitor's thumbs up or down (with an optional comment) on an answer of theirs; a new vote replaces the last. */
export const POST = visitorRoute<{ id: string }>(async (request, { rt, who }, params) => {
  const id = z.safeParse(z.uuid(), params.id);
  if (!id.success) throw new ParleyError('not_found', 'No such answer.');
  const input = await parseJson(request, feedbackRequest);
  const comment = input.comment?.trim() || null;
  const stored = await setFeedback(rt.db, who.scope, id.data, {
    rating: input.rating === 'up' ? 1 : -1,
    comment: input.rating === 'down' ? comment : null,
  });
  if (!stored) throw new ParleyError('not_found', 'No such answer, or it has not ended yet.');
  return json({
    messageId: id.data,
    rating: input.rating,
    comment: input.rating === 'down' ? comment : null,
  });
});
