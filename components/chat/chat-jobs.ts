/**
 * Runs the job the chat state asks for (chat-state.ts) against the API and reports back with
 * actions. Once its signal is aborted (the state moved on to another job), a job reports nothing.
 */
import { ApiError, type ApiMessage, type ChatApi } from './api';
import { type ChatAction, type Job, toUi, type UiMessage } from './chat-state';
import type { OlderJob } from './older-pages';
import { followAnswer } from './stream-client';

/** A visitor the host site signed in: its user id and its server's HMAC of it. */
export type HostIdentity = { id: string; hash: string; name?: string; email?: string };

/** Where the visitor token (and the open conversation) are kept: page storage or the loader. */
export interface VisitorStore {
  getToken(): string | null;
  /** The host's user id the token was signed in as (signed identity); null for an anonymous one. */
  getUser(): string | null;
  setToken(token: string, user: string | null): void;
  clear(): void;
  getConversation(): string | null;
  setConversation(id: string | null): void;
}

export type JobContext = {
  api: ChatApi;
  store: VisitorStore;
  siteId: string;
  locale: string;
  /** Who the host page says the visitor is (Parley('identify')), signed by its server; or null. */
  identity: () => HostIdentity | null;
  dispatch: (action: ChatAction) => void;
  signal: AbortSignal;
};

export type OlderContext = Pick<JobContext, 'api' | 'dispatch' | 'signal'>;

/** The visitor's token is of no more use: it expired, or its site was deleted. */
const TOKEN_GONE: ReadonlySet<string> = new Set(['unauthorized', 'site_not_found']);

function failure(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('network', 0);
}

export async function runJob(job: Job, context: JobContext): Promise<void> {
  const { signal } = context;
  const dispatch = (action: ChatAction) => {
    if (!signal.aborted) context.dispatch(action);
  };
  const ctx = { ...context, dispatch };
  if (job.kind === 'restore') return restore(job.run, ctx);
  if (job.kind === 'load') return load(job.run, job.conversationId, ctx);
  await answer(job, ctx);
  // Also after an abort: a conversation started and then left still belongs in the list.
  await refreshConversations(context);
}

async function refreshConversations({ api, store, dispatch }: JobContext): Promise<void> {
  if (!store.getToken()) return;
  try {
    dispatch({ type: 'conversations', conversations: await api.conversations() });
  } catch {
    // The list is a convenience; the chat works without it.
  }
}

/** After a reload: the conversation the visitor had open, or their latest one. */
async function restore(run: number, ctx: JobContext): Promise<void> {
  const { api, store, dispatch, signal } = ctx;
  const identity = ctx.identity();
  if (identity && store.getUser() !== identity.id) {
    // Signed in on this page: this browser's token to the visitor's conversations from everywhere.
    try {
      await signIn(ctx, identity);
    } catch {
      // Shown when the visitor sends: the refusal says why (a wrong signature, say).
      if (!signal.aborted) dispatch({ type: 'loaded', run, conversationId: null, messages: [] });
      return;
    }
  }
  if (!store.getToken()) return dispatch({ type: 'loaded', run, conversationId: null, messages: [] });
  let target: string | undefined;
  try {
    const conversations = await api.conversations(signal);
    dispatch({ type: 'conversations', conversations });
    const remembered = store.getConversation();
    target = conversations.find((c) => c.id === remembered)?.id ?? conversations[0]?.id;
  } catch (error) {
    if (signal.aborted) return;
    if (TOKEN_GONE.has(failure(error).code)) store.clear();
    return dispatch({ type: 'load-failed', run, forget: false });
  }
  if (!target) return dispatch({ type: 'loaded', run, conversationId: null, messages: [] });
  return load(run, target, ctx);
}

async function load(run: number, id: string, ctx: JobContext): Promise<void> {
  const { api, store, dispatch, signal } = ctx;
  try {
    const data = await api.conversation(id, { signal });
    if (signal.aborted) return;
    store.setConversation(id);
    dispatch({
      type: 'loaded',
      run,
      conversationId: id,
      messages: shown(data),
      older: data.older ?? undefined,
    });
  } catch (error) {
    if (signal.aborted) return;
    const { code } = failure(error);
    // Gone, or no longer the visitor's: start afresh rather than keep showing it.
    const forget = code === 'not_found' || TOKEN_GONE.has(code);
    if (TOKEN_GONE.has(code)) store.clear();
    else if (forget) store.setConversation(null);
    dispatch({ type: 'load-failed', run, forget });
  }
}

function shown(page: { messages: ApiMessage[] }): UiMessage[] {
  return page.messages.map(toUi).filter((m): m is UiMessage => m !== null);
}

/** The page before the first message shown; a failure is shown with a retry, nothing is lost. */
export async function loadOlder(job: OlderJob, { api, dispatch, signal }: OlderContext): Promise<void> {
  const { run } = job;
  try {
    const data = await api.conversation(job.conversationId, { before: job.before, signal });
    if (!signal.aborted) dispatch({ type: 'older-loaded', run, messages: shown(data), older: data.older });
  } catch {
    if (!signal.aborted) dispatch({ type: 'older-failed', run });
  }
}

/**
 * A token for the identified visitor. An anonymous token the browser held goes along (the server
 * hands its conversations to the identified visitor); another user's is dropped first.
 */
async function signIn({ api, store, siteId, signal }: JobContext, identity: HostIdentity): Promise<void> {
  if (store.getUser() !== null) store.clear();
  const token = await api.createVisitor(siteId, identity);
  if (!signal.aborted) store.setToken(token, identity.id);
}

async function ensureToken(ctx: JobContext): Promise<void> {
  const { api, store, siteId } = ctx;
  const identity = ctx.identity();
  if (identity && store.getUser() !== identity.id) return signIn(ctx, identity);
  if (store.getToken()) return;
  store.setToken(await api.createVisitor(siteId), null);
}

async function answer(job: Extract<Job, { kind: 'send' | 'retry' | 'resume' }>, ctx: JobContext) {
  const { api, store, dispatch, signal, locale } = ctx;
  const { run } = job;
  if (job.kind === 'send') {
    try {
      await ensureToken(ctx);
    } catch (error) {
      if (signal.aborted) return;
      return dispatch({ type: 'finished', run, outcome: { kind: 'refused', error: failure(error) } });
    }
  }
  const outcome = await followAnswer({
    open: (s) =>
      job.kind === 'send'
        ? api.chat(
            {
              conversationId: job.conversationId ?? undefined,
              messageId: job.messageId,
              content: job.content,
              locale,
            },
            s,
          )
        : job.kind === 'retry'
          ? api.retry(job.conversationId, job.answerId, locale, s)
          : api.resume(job.conversationId, s),
    resume: (conversationId, s) => api.resume(conversationId, s),
    answerId: job.kind === 'send' ? undefined : job.answerId,
    signal,
    onUpdate: (update) => {
      if (update.type === 'start') store.setConversation(update.conversationId);
      dispatch({ type: 'update', run, update, at: new Date().toISOString() });
    },
  });
  const code =
    outcome.kind === 'refused' ? outcome.error.code : outcome.kind === 'ended' ? outcome.errorCode : null;
  if (code && TOKEN_GONE.has(code)) store.clear();
  dispatch({ type: 'finished', run, outcome });
}
