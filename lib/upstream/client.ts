import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { type Env, env } from '@/lib/env';

export type UpstreamMessage = ChatCompletionMessageParam;

const KEY = Symbol.for('parley.openai');
type Holder = { [KEY]?: OpenAI };

/**
 * The one upstream client. The SDK's own retries are off: a retry of a failing model delays the
 * fallback without telling anyone, and Parley's fallback chain is the retry policy.
 */
export function upstreamClient(e: Env = env()): OpenAI {
  const holder = globalThis as Holder;
  holder[KEY] ??= new OpenAI({
    // Local servers (Ollama, vLLM, llama.cpp) accept any key; the SDK insists on one.
    apiKey: e.OPENAI_API_KEY ?? 'not-needed',
    baseURL: e.OPENAI_BASE_URL,
    maxRetries: 0,
    timeout: e.CHAT_FIRST_TOKEN_TIMEOUT_MS + e.CHAT_STREAM_IDLE_TIMEOUT_MS,
  });
  return holder[KEY];
}

export type AttemptFailure = {
  /** Whether the next model in the chain may succeed where this one failed. */
  retryable: boolean;
  status?: number;
  requestId?: string | null;
  reason: string;
};

/** Classifies an error thrown before the first token. */
export function classifyUpstreamError(error: unknown): AttemptFailure {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { retryable: true, reason: 'timeout' };
  if (error instanceof OpenAI.APIConnectionError) return { retryable: true, reason: 'connection_error' };
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const requestId = error.requestID;
    // 404 is usually "no such model" and 408/409/429/5xx are transient: another model may answer.
    // Other 4xx (bad request, bad key, forbidden) would fail the same way on every model.
    const retryable = status === undefined || [404, 408, 409, 429].includes(status) || status >= 500;
    return { retryable, status, requestId, reason: `http_${status ?? 'unknown'}` };
  }
  return { retryable: true, reason: error instanceof Error ? error.name : 'unknown' };
}
