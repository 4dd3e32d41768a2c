import { setImmediate as afterIo } from 'node:timers/promises';
import { findExchange, insertExchange, prepareTurn } from '@/db/queries/turns';
import type { VisitorPrincipal } from '@/lib/auth';
import { isUniqueViolation, ParleyError } from '@/lib/errors';
import { admission } from './admission';
import { type Exchange, exchange, models, planAnswer } from './answer';
import { runFeed } from './feed';
import { runWhileStoring } from './overlap';
import type { Runtime } from './runtime';

export type SendInput = { conversationId?: string; messageId: string; content: string; locale?: string };

function titleFrom(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** A visitor's message: a new conversation, or the next turn of one of theirs. */
export function sendMessage(rt: Runtime, who: VisitorPrincipal, input: SendInput): Promise<Exchange> {
  return input.conversationId
    ? continueConversation(rt, who, { ...input, conversationId: input.conversationId })
    : startConversation(rt, who, input);
}

/**
 * A message that starts a conversation: stored first, then the model is called. (A repeated
 * send is found by the insert itself, so that it never reaches the model.)
 */
async function startConversation(rt: Runtime, who: VisitorPrincipal, input: SendInput): Promise<Exchange> {
  const locale = input.locale ?? who.site.defaultLocale;
  // A message sent again (same messageId) is answered with its exchange even when a new one
  // would be refused; the lookup only happens on that rare path or when the insert collides.
  const refusal = await admission(rt, who);
  if (refusal) return replayOr(rt, who, input.messageId, refusal);
  const ids = {
    conversationId: crypto.randomUUID(),
    userMessageId: input.messageId,
    assistantMessageId: crypto.randomUUID(),
  };
  try {
    await insertExchange(rt.db, who.scope, {
      ...ids,
      newConversation: { title: titleFrom(input.content), locale },
      content: input.content,
      owner: rt.database.instanceId,
      model: models()[0],
    });
  } catch (error) {
    if (isUniqueViolation(error, 'chat_messages_pkey')) return replayOr(rt, who, input.messageId, error);
    throw error;
  }
  // A new conversation's history is the message just stored: no need to read it back.
  const plan = planAnswer(who, ids, { locale, history: [{ role: 'user', content: input.content }] });
  return exchange(ids, runFeed(rt.startRun(plan)));
}

/**
 * A message in an existing conversation: one read (scope, repeat, busy, history), then the
 * model is called while the exchange is stored (lib/chat/overlap.ts). A store that fails (a
 * concurrent repeat or a concurrent send) cancels the model call, and the send is answered as
 * if it had failed first.
 */
async function continueConversation(
  rt: Runtime,
  who: VisitorPrincipal,
  input: SendInput & { conversationId: string },
): Promise<Exchange> {
  const [turn, refusal] = await Promise.all([
    prepareTurn(rt.db, who.scope, { conversationId: input.conversationId, messageId: input.messageId }),
    admission(rt, who),
  ]);
  if (!turn) throw new ParleyError('not_found', 'No such conversation.');
  if (turn.repeated) return replayOr(rt, who, input.messageId, refusal);
  if (refusal) throw refusal;
  if (turn.busy) throw new ParleyError('busy');
  const ids = {
    conversationId: input.conversationId,
    userMessageId: input.messageId,
    assistantMessageId: crypto.randomUUID(),
  };
  const plan = planAnswer(who, ids, {
    locale: input.locale ?? turn.locale ?? who.site.defaultLocale,
    history: [...turn.history, { role: 'user', content: input.content }],
  });
  const store = (async () => {
    // The embedded database runs the insert on this thread: let the upstream request leave first.
    await afterIo();
    const stored = await insertExchange(rt.db, who.scope, {
      ...ids,
      content: input.content,
      owner: rt.database.instanceId,
      model: plan.models[0],
    });
    if (!stored) throw new ParleyError('not_found', 'No such conversation.');
  })();
  try {
    return exchange(ids, runFeed(await runWhileStoring(rt, plan, store)));
  } catch (error) {
    if (isUniqueViolation(error, 'chat_messages_pkey')) return replayOr(rt, who, input.messageId, error);
    throw error;
  }
}

/**
 * A messageId that was sent before: answer with the state of that exchange and store nothing.
 * Otherwise the reason the send failed; an id in use elsewhere is refused without saying where.
 */
async function replayOr(
  rt: Runtime,
  who: VisitorPrincipal,
  messageId: string,
  failure: unknown,
): Promise<Exchange> {
  const found = await findExchange(rt.db, who.scope, messageId);
  if (found) {
    if (!found.answer) throw new ParleyError('not_found');
    const ids = {
      conversationId: found.conversationId,
      userMessageId: messageId,
      assistantMessageId: found.answer.id,
    };
    return exchange(ids, rt.runs.feed(found.answer));
  }
  if (!failure || isUniqueViolation(failure)) {
    throw new ParleyError('invalid_request', 'This messageId is already in use; choose a new one.');
  }
  throw failure;
}
