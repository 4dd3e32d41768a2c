import * as z from 'zod/mini';
import { ParleyError } from '@/lib/errors';

export type IdParams = { params: Promise<{ id: string }> };

/** A malformed id cannot be anyone's conversation: 404, like any id that is not the caller's. */
export async function conversationId(context: IdParams): Promise<string> {
  const { id } = await context.params;
  const parsed = z.safeParse(z.uuid(), id);
  if (!parsed.success) throw new ParleyError('not_found', 'No such conversation.');
  return parsed.data;
}
