import { findAnswer, recentHistory, restartAnswer } from '@/db/queries/turns';
import type { VisitorPrincipal } from '@/lib/auth';
import { ParleyError } from '@/lib/errors';
import { groundAnswer } from '@/lib/knowledge/retrieval';
import { admit } from './admission';
import { type Exchange, exchange, planAnswer } from './answer';
import { runFeed } from './feed';
import type { Runtime } from './runtime';

/** Retry: write again an answer that failed or was stopped, in its place. */
export async function retryAnswer(
  rt: Runtime,
  who: VisitorPrincipal,
  input: { conversationId: string; messageId: string; locale?: string },
): Promise<Exchange> {
  const found = await findAnswer(rt.db, who.scope, input.conversationId, input.messageId);
  if (!found) throw new ParleyError('not_found', 'No such conversation.');
  const answer = found.answer;
  if (!answer?.replyTo) throw new ParleyError('not_found', 'No such answer in this conversation.');
  if (answer.status === 'streaming') throw new ParleyError('busy');
  if (answer.status === 'complete') {
    throw new ParleyError('invalid_request', 'Only a failed or stopped answer can be retried.');
  }
  await admit(rt, who);
  // The held history ends with the answer that is about to change.
  rt.recent.forget(input.conversationId);
  const ids = {
    conversationId: input.conversationId,
    userMessageId: answer.replyTo,
    assistantMessageId: answer.id,
  };
  const history = await recentHistory(rt.db, who.scope, input.conversationId, answer.id);
  const plan = planAnswer(who, ids, {
    locale: input.locale ?? found.locale ?? who.site.settings.defaultLocale,
    history,
    grounding: await groundAnswer(rt.knowledge, who.site, history),
  });
  const restarted = await restartAnswer(rt.db, who.scope, {
    conversationId: input.conversationId,
    assistantMessageId: answer.id,
    owner: rt.database.instanceId,
    model: plan.models[0],
  });
  if (!restarted) throw new ParleyError('busy');
  return exchange(ids, runFeed(rt.startRun(plan)));
}
