import { currentAnswer } from '@/db/queries/turns';
import type { VisitorPrincipal } from '@/lib/auth';
import { ParleyError } from '@/lib/errors';
import { type Exchange, exchange } from './answer';
import type { Runtime } from './runtime';

/** Resume: the answer being written in this conversation (on any instance), or the last one. */
export async function resumeConversation(
  rt: Runtime,
  who: VisitorPrincipal,
  conversationId: string,
): Promise<Exchange | null> {
  const found = await currentAnswer(rt.db, who.scope, conversationId);
  if (!found) throw new ParleyError('not_found', 'No such conversation.');
  const answer = found.answer;
  if (!answer) return null;
  const ids = { conversationId, userMessageId: answer.replyTo ?? '', assistantMessageId: answer.id };
  return exchange(ids, rt.runs.feed(answer));
}
