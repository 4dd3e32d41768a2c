import { z } from 'zod';
import { ParleyError } from '@/lib/errors';

export type IdParams = { params: Promise<{ id: string }> };

/** A malformed id cannot be anyone's conversation: 404, like any id that is not the caller's. */
export async function conversationId(context: IdParams): Promise<string> {
  const { id } = await context.params;
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw new ParleyError('not_found', 'No such conversation.');
  return parsed.data;
}

export const retrySchema = z.object({
  messageId: z.uuid('must be the id of the answer to retry'),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional(),
});
