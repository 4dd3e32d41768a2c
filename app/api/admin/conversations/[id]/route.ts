import * as z from 'zod/mini';
import { consoleTranscript, deleteConversation } from '@/db/queries/console-transcript';
import { ParleyError } from '@/lib/errors';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/respond';
import { transcriptRetrieval } from '@/lib/knowledge/admin';

export const dynamic = 'force-dynamic';

function conversationId(params: { id: string }): string {
  const parsed = z.safeParse(z.uuid(), params.id);
  if (!parsed.success) throw new ParleyError('not_found', 'No such conversation.');
  return parsed.data;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A transcript: every message, with the model, time to first token, tokens, status and feedback. */
export const GET = adminRoute<{ id: string }>(async (_request, { rt }, params) => {
  const found = await consoleTranscript(rt.db, conversationId(params));
  if (!found) throw new ParleyError('not_found', 'No such conversation.');
  const { conversation } = found;
  const messages = await transcriptRetrieval(rt, conversation.siteId, found.messages);
  return json({
    conversation: {
      ...conversation,
      createdAt: iso(conversation.createdAt),
      updatedAt: iso(conversation.updatedAt),
    },
    messages: messages.map((m) => ({
      ...m,
      createdAt: iso(m.createdAt),
      completedAt: iso(m.completedAt),
      feedback: m.rating === null ? null : { rating: m.rating === 1 ? 'up' : 'down', comment: m.comment },
      rating: undefined,
      comment: undefined,
    })),
  });
});

/** Erasure: the conversation, its messages and its feedback are gone from every table. */
export const DELETE = adminRoute<{ id: string }>(async (_request, { rt }, params) => {
  const id = conversationId(params);
  if (!(await deleteConversation(rt.db, id))) throw new ParleyError('not_found', 'No such conversation.');
  rt.recent.forget(id);
  return new Response(null, { status: 204 });
});
