import type OpenAI from 'openai';
import type { Db } from '@/db/client';
import { finishAnswer } from '@/db/queries/answers';
import type { DeltaEvent, EndEvent } from '@/lib/contracts';
import { type ErrorCode, messageFor } from '@/lib/errors';
import { citationsIn, type Grounding } from '@/lib/knowledge/ground';
import { log } from '@/lib/log';
import type { UpstreamMessage } from '@/lib/upstream/client';
import { type OpenedRequest, openCompletion, readAttempt, type Usage } from './attempt';
import { ProgressSaver } from './progress';

/** An exchange that is stored: the visitor's message and the empty answer this run writes. */
export type RunOptions = {
  db: Db;
  client: OpenAI;
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  models: string[];
  messages: UpstreamMessage[];
  maxOutputTokens?: number;
  /** The site's temperature; the model's own default when null. */
  temperature?: number | null;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  /** Writes the growing answer to the database; by default every 500 ms, for this run alone. */
  progress?: ProgressSaver;
  /** The first model's request, when it was sent before the run (see lib/chat/overlap.ts). */
  opened?: OpenedRequest;
  /** The knowledge the model was given (lib/knowledge/ground.ts): the answer's citations come from it. */
  grounding?: Grounding;
};

type Listener = (event: DeltaEvent | EndEvent) => void;
type Outcome = 'complete' | 'stopped' | ErrorCode;

/**
 * One generation, running on the server independently of any HTTP response: it reads the
 * upstream, keeps the answer in the database as it grows, and publishes deltas to whoever
 * subscribes (the POST that started it, a resumed stream, another instance, or nobody at all).
 */
export class ChatRun {
  readonly conversationId: string;
  readonly userMessageId: string;
  readonly assistantMessageId: string;
  content = '';
  model: string | null = null;
  end: EndEvent | null = null;
  /** The answer came from a fallback model. */
  fellBack = false;
  /** This run's final state is what the database holds (false when that last write failed). */
  saved = false;
  readonly done: Promise<EndEvent>;

  private readonly listeners = new Set<Listener>();
  private readonly stopController = new AbortController();
  private stopReason: 'stopped' | 'interrupted' | null = null;

  constructor(private readonly options: RunOptions) {
    this.conversationId = options.conversationId;
    this.userMessageId = options.userMessageId;
    this.assistantMessageId = options.assistantMessageId;
    this.done = this.execute();
  }

  /** Listens to what comes next; read `content` first for what came before. */
  subscribe(listener: Listener): () => void {
    if (this.end) {
      listener(this.end);
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The visitor pressed Stop: keep what was written, end with status `stopped`. */
  stop(): void {
    this.abort('stopped');
  }

  /** The server is going away: keep what was written, end with code `interrupted`. */
  interrupt(): void {
    this.abort('interrupted');
  }

  private abort(reason: 'stopped' | 'interrupted') {
    if (this.end || this.stopReason) return;
    this.stopReason = reason;
    this.stopController.abort();
  }

  private emit(event: DeltaEvent | EndEvent) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        log('warn', 'run_listener_failed', { err: error });
      }
    }
  }

  private async execute(): Promise<EndEvent> {
    const { db, assistantMessageId } = this.options;
    const progress = this.options.progress ?? new ProgressSaver(db);
    const started = this.options.opened?.startedAt ?? Date.now();
    let ttftMs: number | null = null;
    let outcome: Outcome = 'internal';
    let usage: Usage | null = null;
    try {
      ({ outcome, usage } = await this.attemptAll((text) => {
        ttftMs ??= Date.now() - started;
        this.content += text;
        progress.update(assistantMessageId, this.content);
        this.emit({ type: 'delta', text });
      }));
    } catch (error) {
      log('error', 'run_failed', { conversationId: this.conversationId, err: error });
    }
    await progress.forget(assistantMessageId);
    const { grounding } = this.options;
    const citations = grounding ? citationsIn(this.content, grounding) : undefined;
    const end: EndEvent =
      outcome === 'complete' || outcome === 'stopped'
        ? { type: 'done', status: outcome, model: this.model, ...(citations ? { citations } : {}) }
        : { type: 'error', code: outcome, message: messageFor(outcome) };
    this.saved = await this.saveEnd({
      status: end.type === 'done' ? end.status : 'error',
      content: this.content,
      model: this.model,
      errorCode: end.type === 'error' ? outcome : null,
      usage,
      ttftMs,
      fellBack: this.fellBack,
      retrieval: grounding ? { mode: grounding.mode, chunks: grounding.retrieved } : null,
      citations: end.type === 'done' && citations?.length ? citations : null,
    });
    this.end = end;
    this.emit(end);
    this.listeners.clear();
    return end;
  }

  /** The final write matters most: try it again before giving up on it. */
  private async saveEnd(final: Parameters<typeof finishAnswer>[2]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        // False when the answer is no longer streaming (the sweep took it for an orphan).
        return await finishAnswer(this.options.db, this.assistantMessageId, final);
      } catch (error) {
        if (attempt >= 4) {
          log('error', 'finish_answer_failed', { messageId: this.assistantMessageId, err: error });
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }

  /** Tries each model in turn until one produces a first token; never retries after that. */
  private async attemptAll(
    onText: (text: string) => void,
  ): Promise<{ outcome: Outcome; usage: Usage | null }> {
    const { models, opened, client } = this.options;
    const stopped = () =>
      ({ outcome: this.stopReason === 'interrupted' ? 'interrupted' : 'stopped', usage: null }) as const;
    for (const [index, model] of models.entries()) {
      if (this.stopController.signal.aborted) return stopped();
      const request =
        index === 0 && opened?.model === model
          ? opened
          : openCompletion(client, {
              model,
              messages: this.options.messages,
              maxOutputTokens: this.options.maxOutputTokens,
              temperature: this.options.temperature,
            });
      const result = await readAttempt(request, {
        firstTokenTimeoutMs: this.options.firstTokenTimeoutMs,
        idleTimeoutMs: this.options.idleTimeoutMs,
        stopSignal: this.stopController.signal,
        onText,
        onInterrupted: (requestId, reason) => this.logInterrupted(model, requestId, reason),
      });
      if (result.kind === 'finished') {
        this.model = model;
        this.fellBack = index > 0;
        if (result.outcome === 'stopped') return { ...stopped(), usage: result.usage };
        return result;
      }
      const { failure } = result;
      const willFallback = failure.retryable && index < models.length - 1;
      log(willFallback ? 'warn' : 'error', 'upstream_attempt_failed', {
        conversationId: this.conversationId,
        messageId: this.assistantMessageId,
        model,
        requestId: failure.requestId ?? null,
        status: failure.status ?? null,
        reason: failure.reason,
        willFallback,
      });
      if (!failure.retryable) break;
    }
    if (this.stopController.signal.aborted) return stopped();
    return { outcome: 'upstream_error', usage: null };
  }

  private logInterrupted(model: string, requestId: string | null, reason: string) {
    log('error', 'upstream_interrupted', {
      conversationId: this.conversationId,
      messageId: this.assistantMessageId,
      model,
      requestId,
      reason,
      chars: this.content.length,
    });
  }
}
