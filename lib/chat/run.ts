import OpenAI from 'openai';
import type { Db } from '@/db/client';
import { finishAnswer } from '@/db/queries/messages';
import type { DeltaEvent, EndEvent } from '@/lib/contracts';
import { type ErrorCode, messageFor } from '@/lib/errors';
import { log } from '@/lib/log';
import { classifyUpstreamError, type UpstreamMessage } from '@/lib/upstream/client';
import { ProgressSaver } from './progress';

export type RunOptions = {
  db: Db;
  client: OpenAI;
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  models: string[];
  messages: UpstreamMessage[];
  maxOutputTokens?: number;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  /** Writes the growing answer to the database; by default every 500 ms, for this run alone. */
  progress?: ProgressSaver;
  /**
   * Settles when the exchange is stored. The upstream request starts at once, so that storing
   * and the model's first token overlap; nothing reaches the database or a listener before this
   * settles, and if it fails the run ends without a trace.
   */
  admission?: Promise<unknown>;
};

type Listener = (event: DeltaEvent | EndEvent) => void;

class AttemptTimeout extends Error {}

/**
 * One generation, running on the server independently of any HTTP response: it reads the
 * upstream, keeps the answer in the database as it grows, and publishes deltas to whoever
 * subscribes (the POST that started it, a resumed stream, or nobody at all).
 */
export class ChatRun {
  readonly conversationId: string;
  readonly userMessageId: string;
  readonly assistantMessageId: string;
  content = '';
  model: string | null = null;
  end: EndEvent | null = null;
  readonly done: Promise<EndEvent>;

  private readonly listeners = new Set<Listener>();
  private readonly stopController = new AbortController();
  private stopReason: 'stopped' | 'interrupted' | 'cancelled' | null = null;

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

  private abort(reason: 'stopped' | 'interrupted' | 'cancelled') {
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
    const started = Date.now();
    let ttftMs: number | null = null;
    let admitted = !this.options.admission;
    let end: EndEvent;
    let errorCode: ErrorCode | null = null;
    let usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null = null;
    const attempts = this.attemptAll((text) => {
      if (ttftMs === null) ttftMs = Date.now() - started;
      this.content += text;
      if (admitted) progress.update(assistantMessageId, this.content);
      this.emit({ type: 'delta', text });
    });
    // Awaited below; handled here too, so a failure while admission is pending is not "unhandled".
    attempts.catch(() => {});
    if (!admitted) {
      try {
        await this.options.admission;
        admitted = true;
        if (this.content) progress.update(assistantMessageId, this.content);
      } catch {
        // The exchange was refused (a repeat, a busy conversation): nothing of this run is kept.
        this.abort('cancelled');
        await attempts.catch(() => {});
        end = { type: 'error', code: 'internal', message: messageFor('internal') };
        this.end = end;
        this.listeners.clear();
        return end;
      }
    }
    try {
      const result = await attempts;
      usage = result.usage;
      this.model = result.model;
      if (result.outcome === 'complete') {
        end = { type: 'done', status: 'complete', model: this.model };
      } else if (result.outcome === 'stopped') {
        end = { type: 'done', status: 'stopped', model: this.model };
      } else {
        errorCode = result.outcome;
        end = { type: 'error', code: errorCode, message: messageFor(errorCode) };
      }
    } catch (error) {
      log('error', 'run_failed', { conversationId: this.conversationId, err: error });
      errorCode = 'internal';
      end = { type: 'error', code: errorCode, message: messageFor(errorCode) };
    }
    await progress.forget(assistantMessageId);

    const final = {
      status: end.type === 'done' ? end.status : ('error' as const),
      content: this.content,
      model: this.model,
      errorCode,
      usage,
      ttftMs,
    };
    // The final write matters most: try it again before giving up on it.
    for (let attempt = 0; ; attempt++) {
      try {
        await finishAnswer(db, assistantMessageId, final);
        break;
      } catch (error) {
        if (attempt >= 4) {
          log('error', 'finish_answer_failed', { messageId: assistantMessageId, err: error });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
    this.end = end;
    this.emit(end);
    this.listeners.clear();
    return end;
  }

  /** Tries each model in turn until one produces a first token; never retries after that. */
  private async attemptAll(onText: (text: string) => void): Promise<{
    outcome: 'complete' | 'stopped' | ErrorCode;
    model: string | null;
    usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
  }> {
    const { models } = this.options;
    let lastCode: ErrorCode = 'upstream_error';
    for (const [index, model] of models.entries()) {
      if (this.stopController.signal.aborted) break;
      const result = await this.attempt(model, onText);
      if (result.kind === 'finished') return { outcome: result.outcome, model, usage: result.usage };
      const failure = result.failure;
      log(index < models.length - 1 && failure.retryable ? 'warn' : 'error', 'upstream_attempt_failed', {
        conversationId: this.conversationId,
        messageId: this.assistantMessageId,
        model,
        requestId: failure.requestId ?? null,
        status: failure.status ?? null,
        reason: failure.reason,
        willFallback: failure.retryable && index < models.length - 1,
      });
      lastCode = 'upstream_error';
      if (!failure.retryable) break;
    }
    if (this.stopController.signal.aborted) {
      return {
        outcome: this.stopReason === 'interrupted' ? 'interrupted' : 'stopped',
        model: null,
        usage: null,
      };
    }
    return { outcome: lastCode, model: null, usage: null };
  }

  private async attempt(
    model: string,
    onText: (text: string) => void,
  ): Promise<
    | {
        kind: 'finished';
        outcome: 'complete' | 'stopped' | ErrorCode;
        usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
      }
    | { kind: 'failed'; failure: ReturnType<typeof classifyUpstreamError> }
  > {
    const controller = new AbortController();
    const onStop = () => controller.abort();
    this.stopController.signal.addEventListener('abort', onStop);
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new AttemptTimeout());
      }, ms);
    };
    let gotText = false;
    let finishReason: string | null = null;
    let usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null = null;
    let requestId: string | null = null;
    try {
      arm(this.options.firstTokenTimeoutMs);
      const { data: stream, request_id } = await this.options.client.chat.completions
        .create(
          {
            model,
            messages: this.options.messages,
            stream: true,
            stream_options: { include_usage: true },
            ...(this.options.maxOutputTokens ? { max_tokens: this.options.maxOutputTokens } : {}),
          },
          { signal: controller.signal },
        )
        .withResponse();
      requestId = request_id;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const text = choice?.delta?.content;
        if (text) {
          if (!gotText) gotText = true;
          arm(this.options.idleTimeoutMs);
          onText(text);
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) {
          usage = {
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
            totalTokens: chunk.usage.total_tokens,
          };
        }
      }
      // The SDK ends the iteration quietly when the request is aborted: treat it as thrown.
      if (controller.signal.aborted) throw controller.signal.reason ?? new Error('aborted');
      if (!gotText) {
        return {
          kind: 'failed',
          failure: { retryable: true, requestId, reason: finishReason ? `empty_${finishReason}` : 'empty' },
        };
      }
      if (!finishReason) {
        this.logInterrupted(model, requestId, 'ended_without_finish_reason');
        return { kind: 'finished', outcome: 'upstream_interrupted', usage };
      }
      return { kind: 'finished', outcome: 'complete', usage };
    } catch (error) {
      if (this.stopController.signal.aborted) {
        return {
          kind: 'finished',
          outcome: this.stopReason === 'interrupted' ? 'interrupted' : 'stopped',
          usage,
        };
      }
      if (gotText) {
        this.logInterrupted(model, requestId, timedOut ? 'idle_timeout' : errorName(error));
        return { kind: 'finished', outcome: 'upstream_interrupted', usage };
      }
      if (timedOut)
        return { kind: 'failed', failure: { retryable: true, requestId, reason: 'first_token_timeout' } };
      return { kind: 'failed', failure: classifyUpstreamError(error) };
    } finally {
      clearTimeout(timer);
      this.stopController.signal.removeEventListener('abort', onStop);
      controller.abort();
    }
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

function errorName(error: unknown): string {
  if (error instanceof OpenAI.APIError) return `http_${error.status ?? 'connection'}`;
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 120) : 'unknown';
}
