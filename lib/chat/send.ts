import { setImmediate as afterIo } from 'node:timers/promises';
import { findExchange, type HistoryItem, insertExchange, prepareTurn } from '@/db/queries/turns';
import type { VisitorPrincipal } from '@/lib/auth';
import { isUniqueViolation, ParleyError } from '@/lib/errors';
import { groundAnswer } from '@/lib/knowledge/retrieval';
import { titleFrom } from '@/lib/text/plain';
import { admission, admit, closedRefusal, roomyAdmission } from './admission';
import { type Exchange, exchange, models, planAnswer } from './answer';
import { runFeed } from './feed';
import { runWhileStoring } from './overlap';
import type { RecentTurn } from './recent';
import type { ChatRun } from './run';
import type { Runtime } from './runtime';

export type SendInput = { conversationId?: string; messageId: string; content: string; locale?: string };

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
  const locale = input.locale ?? who.site.settings.defaultLocale;
  // A message sent again (same messageId) is answered with its exchange even when a new one
  // would be refused; the lookup only happens on that rare path or when the insert collides.
  const refusal = await admission(rt, who);
  if (refusal) return replayOr(rt, who, input.messageId, refusal);
  const ids = {
    conversationId: crypto.randomUUID(),
    userMessageId: input.messageId,
    assistantMessageId: crypto.randomUUID(),
  };
  let version: string | null;
  try {
    version = await insertExchange(rt.db, who.scope, {
      ...ids,
      newConversation: { title: titleFrom(input.content), locale },
      content: input.content,
      owner: rt.database.instanceId,
      model: models(who.site)[0],
    });
  } catch (error) {
    if (isUniqueViolation(error, 'chat_messages_pkey')) return replayOr(rt, who, input.messageId, error);
    throw error;
  }
  // A new conversation's history is the message just stored: no need to read it back.
  const history: HistoryItem[] = [{ role: 'user', content: input.content }];
  const grounding = await groundAnswer(rt.knowledge, who.site, history);
  const run = rt.startRun(planAnswer(who, ids, { locale, history, grounding }));
  if (version) remember(rt, who, run, { locale, history, version });
  return exchange(ids, runFeed(run));
}

/**
 * A message in an existing conversation. When this instance wrote the conversation's latest
 * answer it holds the history (lib/chat/recent.ts) and calls the model at once; otherwise one read
 * (scope, repeat, busy, history) comes first. Either way the model is called while the exchange
 * is stored (lib/chat/overlap.ts), and a store that fails (a concurrent repeat or a concurrent
 * send) cancels the model call; the send is then answered as if it had failed first. A held
 * history that turns out stale (someone wrote since) is dropped and the send takes the read path.
 */
async function continueConversation(
  rt: Runtime,
  who: VisitorPrincipal,
  input: SendInput & { conversationId: string },
): Promise<Exchange> {
  const recent = rt.recent.get(who.scope, input.conversationId);
  if (recent) {
    // A visitor far below their rate limits is counted while the model is already called.
    const overlap = roomyAdmission(rt, who);
    const refusal = overlap ? closedRefusal(rt) : await admission(rt, who);
    // Whether this messageId was sent before is not known here: the lookup says.
    if (refusal) return replayOr(rt, who, input.messageId, refusal);
    const sent = await storeAndRun(rt, who, input, recent, { admit: overlap });
    if (sent !== STALE) return sent;
    rt.recent.forget(input.conversationId);
    return readAndSend(rt, who, input, { admitted: true });
  }
  return readAndSend(rt, who, input, { admitted: false });
}

/** The read path (`admitted`: the admission was asked already, and said yes). */
async function readAndSend(
  rt: Runtime,
  who: VisitorPrincipal,
  input: SendInput & { conversationId: string },
  { admitted }: { admitted: boolean },
): Promise<Exchange> {
  const [turn, refusal] = await Promise.all([
    prepareTurn(rt.db, who.scope, { conversationId: input.conversationId, messageId: input.messageId }),
    admitted ? null : admission(rt, who),
  ]);
  if (!turn) throw new ParleyError('not_found', 'No such conversation.');
  if (turn.repeated) return replayOr(rt, who, input.messageId, refusal);
  if (refusal) throw refusal;
  if (turn.busy) throw new ParleyError('busy');
  const sent = await storeAndRun(rt, who, input, { locale: turn.locale, history: turn.history });
  if (sent === STALE) throw new ParleyError('not_found', 'No such conversation.');
  return sent;
}

const STALE = Symbol('stale');

/** The admission's refusal (or failure) inside the store step, told apart from the store's own. */
class Refused {
  constructor(readonly reason: unknown) {}
}

/**
 * Stores the exchange while the model is called, then runs it and remembers the history for the
 * next message. With a held version (`turn.version`), STALE when the conversation has changed
 * since; without, STALE means the conversation is not (or no longer) in scope. With `admit`, the
 * rate limits are counted first in the same background step, and a refusal cancels the model call.
 */
async function storeAndRun(
  rt: Runtime,
  who: VisitorPrincipal,
  input: SendInput & { conversationId: string },
  turn: { locale: string | null; history: HistoryItem[]; version?: string },
  options: { admit?: boolean } = {},
): Promise<Exchange | typeof STALE> {
  const ids = {
    conversationId: input.conversationId,
    userMessageId: input.messageId,
    assistantMessageId: crypto.randomUUID(),
  };
  const history: HistoryItem[] = [...turn.history, { role: 'user', content: input.content }];
  const plan = planAnswer(who, ids, {
    locale: input.locale ?? turn.locale ?? who.site.settings.defaultLocale,
    history,
    grounding: await groundAnswer(rt.knowledge, who.site, history),
  });
  const store = (async () => {
    // Let the upstream request leave before the insert's work.
    await afterIo();
    if (options.admit) await admit(rt, who).catch((error) => Promise.reject(new Refused(error)));
    const version = await insertExchange(rt.db, who.scope, {
      ...ids,
      content: input.content,
      owner: rt.database.instanceId,
      model: plan.models[0],
      after: turn.version,
    });
    if (!version) throw STALE;
    return version;
  })();
  let run: ChatRun;
  try {
    run = await runWhileStoring(rt, plan, store);
  } catch (error) {
    if (error === STALE) return STALE;
    if (error instanceof Refused) return replayOr(rt, who, input.messageId, error.reason);
    if (isUniqueViolation(error, 'chat_messages_pkey')) return replayOr(rt, who, input.messageId, error);
    throw error;
  }
  remember(rt, who, run, { locale: turn.locale, history, version: await store });
  return exchange(ids, runFeed(run));
}

/** Holds the conversation's history for its next message, once this run's answer is stored. */
function remember(rt: Runtime, who: VisitorPrincipal, run: ChatRun, turn: Omit<RecentTurn, 'scope'>) {
  rt.recent.stored(run.conversationId, { ...turn, scope: who.scope }, run.assistantMessageId);
  run.done.then(
    () => {
      if (run.saved) rt.recent.answered(run.conversationId, run.assistantMessageId, run.content);
      else rt.recent.forget(run.conversationId);
    },
    () => rt.recent.forget(run.conversationId),
  );
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
