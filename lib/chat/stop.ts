import { currentAnswer } from '@/db/queries/turns';
import type { VisitorPrincipal } from '@/lib/auth';
import { ParleyError } from '@/lib/errors';
import type { Runtime } from './runtime';

/** Stop: end the running answer of a conversation wherever it runs, keeping its text. */
export async function stopConversation(
  rt: Runtime,
  who: VisitorPrincipal,
  conversationId: string,
): Promise<{ messageId: string | null; status: string | null }> {
  const found = await currentAnswer(rt.db, who.scope, conversationId);
  if (!found) throw new ParleyError('not_found', 'No such conversation.');
  const answer = found.answer;
  if (answer?.status !== 'streaming')
    return { messageId: answer?.id ?? null, status: answer?.status ?? null };
  return rt.runs.stop(answer);
}
