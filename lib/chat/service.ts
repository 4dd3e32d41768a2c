import { setImmediate as afterIo } from 'node:timers/promises';
import { getVisitorConversation } from '@/db/queries/conversations';
import {
  finishAnswer,
  getAnswerTo,
  getLatestAssistantMessage,
  getMessage,
  getMessageWithOwner,
  getStreamingMessage,
  insertExchange,
  prepareTurn,
  recentHistory,
  restartAnswer,
} from '@/db/queries/messages';
import { hitRateLimits } from '@/db/queries/rate-limits';
import type { Site, Visitor } from '@/db/schema';
import type { StartEvent } from '@/lib/contracts';
import { env, upstreamConfigured } from '@/lib/env';
import { isUniqueViolation, ParleyError } from '@/lib/errors';
import { type AnswerFeed, runFeed, storedFeed } from './feed';
import { fitHistory, systemPrompt } from './history';
import { type Runtime, STOP_CHANNEL } from './runtime';

export type Caller = { visitor: Visitor; site: Site; ip: string | null };
export type Exchange = { start: StartEvent; feed: AnswerFeed };

function models(): string[] {
  const e = env();
  return [e.CHAT_MODEL, ...e.CHAT_FALLBACK_MODELS.filter((m) => m !== e.CHAT_MODEL)];
}

function titleFrom(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

async function checkRateLimits(rt: Runtime, caller: Caller): Promise<ParleyError | null> {
  const e = env();
  const verdict = await hitRateLimits(rt.db, [
    { key: `chat:visitor:${caller.visitor.id}`, limit: e.RATE_LIMIT_VISITOR_PER_MINUTE, windowMs: 60_000 },
    ...(caller.ip
      ? [{ key: `chat:ip:${caller.ip}`, limit: e.RATE_LIMIT_IP_PER_MINUTE, windowMs: 60_000 }]
      : []),
  ]);
  if (verdict.ok) return null;
  return new ParleyError('rate_limited', undefined, {
    details: { retryAfterSeconds: verdict.retryAfterSeconds },
    headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
  });
}

async function enforceRateLimits(rt: Runtime, caller: Caller): Promise<void> {
  const refusal = await checkRateLimits(rt, caller);
  if (refusal) throw refusal;
}

/** The feed of an answer: the live run when this instance runs it, the database otherwise. */
export function feedFor(rt: Runtime, message: Parameters<typeof storedFeed>[1]): AnswerFeed {
  const run = rt.runs.get(message.id);
  return run ? runFeed(run) : storedFeed(rt.db, message);
}

/** A message id that was sent before: answer with the state of that exchange, store nothing. */
async function existingExchange(rt: Runtime, caller: Caller, messageId: string): Promise<Exchange | null> {
  const found = await getMessageWithOwner(rt.db, messageId);
  if (!found) return null;
  if (found.visitorId !== caller.visitor.id || found.message.role !== 'user') {
    throw new ParleyError('invalid_request', 'This messageId is already in use; choose a new one.');
  }
  const answer = await getAnswerTo(rt.db, messageId);
  if (!answer) throw new ParleyError('not_found');
  return {
    start: {
      type: 'start',
      conversationId: found.message.conversationId,
      userMessageId: messageId,
      assistantMessageId: answer.id,
    },
    feed: feedFor(rt, answer),
  };
}

/** Why a new exchange cannot start now, if it cannot. Counts the send against the rate limits. */
async function refusalFor(rt: Runtime, caller: Caller): Promise<ParleyError | null> {
  if (!upstreamConfigured()) return new ParleyError('upstream_not_configured');
  if (!rt.accepting) return new ParleyError('shutting_down');
  return checkRateLimits(rt, caller);
}

export async function sendMessage(
  rt: Runtime,
  caller: Caller,
  input: { conversationId?: string; messageId: string; content: string; locale?: string },
): Promise<Exchange> {
  return input.conversationId
    ? continueConversation(rt, caller, { ...input, conversationId: input.conversationId })
    : startConversation(rt, caller, input);
}

/**
 * A message that starts a conversation: stored first, then the model is called. (A repeated
 * send is found by the insert itself, so that it never reaches the model.)
 */
async function startConversation(
  rt: Runtime,
  caller: Caller,
  input: { messageId: string; content: string; locale?: string },
): Promise<Exchange> {
  const locale = input.locale ?? caller.site.defaultLocale;
  // A message sent again (same messageId) is answered with its exchange even when a new one
  // would be refused; the lookup only happens on that rare path or when the insert collides.
  const refusal = await refusalFor(rt, caller);
  if (refusal) return replayOr(rt, caller, input.messageId, refusal);
  const conversationId = crypto.randomUUID();
  const assistantMessageId = crypto.randomUUID();
  try {
    await insertExchange(rt.db, {
      conversationId,
      newConversation: {
        siteId: caller.site.id,
        visitorId: caller.visitor.id,
        title: titleFrom(input.content),
        locale,
      },
      userMessageId: input.messageId,
      assistantMessageId,
      content: input.content,
      owner: rt.database.instanceId,
      model: models()[0],
    });
  } catch (error) {
    if (isUniqueViolation(error, 'chat_messages_pkey')) return replayOr(rt, caller, input.messageId, error);
    throw error;
  }
  return startAnswer(rt, caller, {
    conversationId,
    userMessageId: input.messageId,
    assistantMessageId,
    locale,
    // A new conversation's history is the message just stored: no need to read it back.
    history: [{ role: 'user', content: input.content }],
  });
}

/**
 * A message in an existing conversation: one read (ownership, repeat, busy, history), then the
 * model is called while the exchange is stored. The first token still reaches the visitor only
 * after the store has committed; a store that fails (a concurrent repeat or a concurrent send)
 * cancels the model call, and the send is answered as if it had failed first.
 */
async function continueConversation(
  rt: Runtime,
  caller: Caller,
  input: { conversationId: string; messageId: string; content: string; locale?: string },
): Promise<Exchange> {
  const [turn, refusal] = await Promise.all([
    prepareTurn(rt.db, {
      conversationId: input.conversationId,
      visitorId: caller.visitor.id,
      messageId: input.messageId,
    }),
    refusalFor(rt, caller),
  ]);
  if (!turn) throw new ParleyError('not_found', 'No such conversation.');
  if (turn.repeated) return replayOr(rt, caller, input.messageId, refusal ?? undefined);
  if (refusal) throw refusal;
  if (turn.busy) throw new ParleyError('busy');
  const assistantMessageId = crypto.randomUUID();
  const stored = (async () => {
    // The embedded database runs the insert on this thread: let the upstream request leave first.
    await afterIo();
    await insertExchange(rt.db, {
      conversationId: input.conversationId,
      userMessageId: input.messageId,
      assistantMessageId,
      content: input.content,
      owner: rt.database.instanceId,
      model: models()[0],
    });
  })();
  // Awaited below and by the run; handled here too, so that no path leaves its failure unhandled.
  stored.catch(() => {});
  const exchange = startAnswer(rt, caller, {
    conversationId: input.conversationId,
    userMessageId: input.messageId,
    assistantMessageId,
    locale: input.locale ?? turn.locale ?? caller.site.defaultLocale,
    history: [...turn.history, { role: 'user', content: input.content }],
    admission: stored,
  });
  try {
    await stored;
  } catch (error) {
    if (isUniqueViolation(error, 'chat_messages_pkey')) return replayOr(rt, caller, input.messageId, error);
    throw error;
  }
  return exchange;
}

/** The exchange of a messageId stored before; otherwise the reason the send failed. */
async function replayOr(rt: Runtime, caller: Caller, messageId: string, failure: unknown): Promise<Exchange> {
  const replay = await existingExchange(rt, caller, messageId);
  if (replay) return replay;
  throw failure ?? new ParleyError('not_found');
}

function startAnswer(
  rt: Runtime,
  caller: Caller,
  ids: {
    conversationId: string;
    userMessageId: string;
    assistantMessageId: string;
    locale: string;
    history: Array<{ role: 'user' | 'assistant' | 'system'; content: string }>;
    admission?: Promise<unknown>;
  },
): Exchange {
  const e = env();
  const system = systemPrompt(caller.site.systemPrompt ?? e.CHAT_SYSTEM_PROMPT, ids.locale);
  const run = rt.startRun({
    conversationId: ids.conversationId,
    userMessageId: ids.userMessageId,
    assistantMessageId: ids.assistantMessageId,
    models: models(),
    messages: fitHistory(system, ids.history, e.CHAT_MAX_HISTORY_TOKENS),
    admission: ids.admission,
  });
  return {
    start: {
      type: 'start',
      conversationId: ids.conversationId,
      userMessageId: ids.userMessageId,
      assistantMessageId: ids.assistantMessageId,
    },
    feed: runFeed(run),
  };
}

/** Retry: regenerate an answer that failed or was stopped. */
export async function retryAnswer(
  rt: Runtime,
  caller: Caller,
  input: { conversationId: string; messageId: string; locale?: string },
): Promise<Exchange> {
  if (!upstreamConfigured()) throw new ParleyError('upstream_not_configured');
  rt.assertAccepting();
  const conversation = await getVisitorConversation(rt.db, input.conversationId, caller.visitor.id);
  if (!conversation) throw new ParleyError('not_found', 'No such conversation.');
  const message = await getMessage(rt.db, input.messageId);
  if (
    !message ||
    message.conversationId !== conversation.id ||
    message.role !== 'assistant' ||
    !message.replyTo
  ) {
    throw new ParleyError('not_found', 'No such answer in this conversation.');
  }
  if (message.status === 'streaming') throw new ParleyError('busy');
  if (message.status === 'complete') {
    throw new ParleyError('invalid_request', 'Only a failed or stopped answer can be retried.');
  }
  await enforceRateLimits(rt, caller);
  const [model] = models();
  const restarted = await restartAnswer(rt.db, {
    assistantMessageId: message.id,
    owner: rt.database.instanceId,
    model,
  });
  if (!restarted) throw new ParleyError('busy');
  return startAnswer(rt, caller, {
    conversationId: conversation.id,
    userMessageId: message.replyTo,
    assistantMessageId: message.id,
    locale: input.locale ?? conversation.locale ?? caller.site.defaultLocale,
    history: await recentHistory(rt.db, conversation.id, message.id),
  });
}

/** Stop: end the running answer wherever it runs, keeping its text. */
export async function stopConversation(
  rt: Runtime,
  caller: Caller,
  conversationId: string,
): Promise<{ messageId: string | null; status: string | null }> {
  const conversation = await getVisitorConversation(rt.db, conversationId, caller.visitor.id);
  if (!conversation) throw new ParleyError('not_found', 'No such conversation.');
  const streaming = await getStreamingMessage(rt.db, conversationId);
  if (!streaming) {
    const latest = await getLatestAssistantMessage(rt.db, conversationId);
    return { messageId: latest?.id ?? null, status: latest?.status ?? null };
  }
  const local = rt.runs.get(streaming.id);
  if (local) {
    local.stop();
    const end = await local.done;
    return { messageId: streaming.id, status: end.type === 'done' ? end.status : 'error' };
  }
  await rt.database.notify(STOP_CHANNEL, streaming.id);
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const current = await getMessage(rt.db, streaming.id);
    if (current && current.status !== 'streaming') return { messageId: current.id, status: current.status };
  }
  // Nobody answered the signal: the owner is gone, so end the answer here.
  if (!streaming.runOwner || !(await rt.database.isInstanceAlive(streaming.runOwner))) {
    const current = await getMessage(rt.db, streaming.id);
    await finishAnswer(rt.db, streaming.id, { status: 'stopped', content: current?.content ?? '' });
    return { messageId: streaming.id, status: 'stopped' };
  }
  return { messageId: streaming.id, status: 'streaming' };
}

/** Resume: the answer being written in this conversation, or the last one. */
export async function resumeConversation(
  rt: Runtime,
  caller: Caller,
  conversationId: string,
): Promise<Exchange | null> {
  const conversation = await getVisitorConversation(rt.db, conversationId, caller.visitor.id);
  if (!conversation) throw new ParleyError('not_found', 'No such conversation.');
  const message =
    (await getStreamingMessage(rt.db, conversationId)) ??
    (await getLatestAssistantMessage(rt.db, conversationId));
  if (!message) return null;
  return {
    start: {
      type: 'start',
      conversationId,
      userMessageId: message.replyTo ?? '',
      assistantMessageId: message.id,
    },
    feed: feedFor(rt, message),
  };
}
