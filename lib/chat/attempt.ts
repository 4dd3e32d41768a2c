import OpenAI from 'openai';
import { type AttemptFailure, classifyUpstreamError, type UpstreamMessage } from '@/lib/upstream/client';

export type Usage = { promptTokens: number; completionTokens: number; totalTokens: number };

/** A model request on its way: opened before the run when the store and the call overlap. */
export type OpenedRequest = {
  model: string;
  startedAt: number;
  controller: AbortController;
  response: ReturnType<typeof request>;
};

type RequestOptions = {
  model: string;
  messages: UpstreamMessage[];
  maxOutputTokens?: number;
  temperature?: number | null;
};

function request(client: OpenAI, options: RequestOptions, signal: AbortSignal) {
  return client.chat.completions
    .create(
      {
        model: options.model,
        messages: options.messages,
        stream: true,
        stream_options: { include_usage: true },
        ...(options.maxOutputTokens ? { max_tokens: options.maxOutputTokens } : {}),
        ...(typeof options.temperature === 'number' ? { temperature: options.temperature } : {}),
      },
      { signal },
    )
    .withResponse();
}

/** Sends a streaming Chat Completions request now; the caller reads or aborts it. */
export function openCompletion(client: OpenAI, options: RequestOptions): OpenedRequest {
  const controller = new AbortController();
  const response = request(client, options, controller.signal);
  // Read by the run, or abandoned when storing fails: either way not an unhandled rejection.
  response.catch(() => {});
  return { model: options.model, startedAt: Date.now(), controller, response };
}

class AttemptTimeout extends Error {}

export type AttemptResult =
  | { kind: 'finished'; outcome: 'complete' | 'stopped' | 'upstream_interrupted'; usage: Usage | null }
  | { kind: 'failed'; failure: AttemptFailure };

export type AttemptHooks = {
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  /** Aborted when the run is stopped or interrupted. */
  stopSignal: AbortSignal;
  onText: (text: string) => void;
  /** The answer broke off after some text: logged by the run. */
  onInterrupted: (requestId: string | null, reason: string) => void;
};

/** Reads one model's stream; fails (so the next model may be tried) only before the first token. */
export async function readAttempt(opened: OpenedRequest, hooks: AttemptHooks): Promise<AttemptResult> {
  const { controller } = opened;
  const onStop = () => controller.abort();
  if (hooks.stopSignal.aborted) controller.abort();
  hooks.stopSignal.addEventListener('abort', onStop);
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        timedOut = true;
        controller.abort(new AttemptTimeout());
      },
      Math.max(0, ms),
    );
  };
  let gotText = false;
  let finishReason: string | null = null;
  let usage: Usage | null = null;
  let requestId: string | null = null;
  try {
    arm(hooks.firstTokenTimeoutMs - (Date.now() - opened.startedAt));
    const { data: stream, request_id } = await opened.response;
    requestId = request_id;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const text = choice?.delta?.content;
      if (text) {
        gotText = true;
        arm(hooks.idleTimeoutMs);
        hooks.onText(text);
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
      const reason = finishReason ? `empty_${finishReason}` : 'empty';
      return { kind: 'failed', failure: { retryable: true, requestId, reason } };
    }
    if (!finishReason) {
      hooks.onInterrupted(requestId, 'ended_without_finish_reason');
      return { kind: 'finished', outcome: 'upstream_interrupted', usage };
    }
    return { kind: 'finished', outcome: 'complete', usage };
  } catch (error) {
    if (hooks.stopSignal.aborted) return { kind: 'finished', outcome: 'stopped', usage };
    if (gotText) {
      hooks.onInterrupted(requestId, timedOut ? 'idle_timeout' : errorName(error));
      return { kind: 'finished', outcome: 'upstream_interrupted', usage };
    }
    if (timedOut)
      return { kind: 'failed', failure: { retryable: true, requestId, reason: 'first_token_timeout' } };
    return { kind: 'failed', failure: classifyUpstreamError(error) };
  } finally {
    clearTimeout(timer);
    hooks.stopSignal.removeEventListener('abort', onStop);
    controller.abort();
  }
}

function errorName(error: unknown): string {
  if (error instanceof OpenAI.APIError) return `http_${error.status ?? 'connection'}`;
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 120) : 'unknown';
}
