import OpenAI from 'openai';
import { type Env, env } from '@/lib/env';
import { upstreamClient } from '@/lib/upstream/client';

/*
 * Embeddings from the same OpenAI-compatible server as the chat (`/v1/embeddings`), with
 * EMBEDDING_MODEL. Requests are batched; a transient failure (429, 5xx, a dropped connection) is
 * tried again after a pause that grows (and honours Retry-After), a permanent one is thrown.
 */

const BATCH = 64;
const ATTEMPTS = 4;

export function embeddingModel(e: Env = env()): string | null {
  return e.EMBEDDING_MODEL ?? null;
}

export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'EmbeddingError';
  }
}

async function request(model: string, input: string[], signal?: AbortSignal): Promise<number[][]> {
  const response = await upstreamClient().embeddings.create(
    { model, input, encoding_format: 'float' },
    { signal, timeout: 60_000 },
  );
  const out = new Array<number[]>(input.length);
  for (const item of response.data) out[item.index] = item.embedding;
  if (out.some((v) => !Array.isArray(v) || v.length === 0)) {
    throw new EmbeddingError(`The embeddings server returned too few vectors for ${model}.`, false);
  }
  return out;
}

function explain(error: unknown, model: string): EmbeddingError {
  if (error instanceof EmbeddingError) return error;
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const transient =
      error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
    const hint =
      error.status === 404 ? ` (does the server offer the model "${model}"? see EMBEDDING_MODEL)` : '';
    return new EmbeddingError(`The embeddings request failed with HTTP ${error.status}${hint}.`, transient);
  }
  return new EmbeddingError(
    `The embeddings server could not be reached (${error instanceof Error ? error.message : 'unknown error'}).`,
    true,
  );
}

function retryAfterMs(error: unknown, attempt: number): number {
  const header = error instanceof OpenAI.APIError ? error.headers?.get?.('retry-after') : null;
  const seconds = header ? Number(header) : Number.NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 30_000);
  return 500 * 2 ** attempt;
}

/** One batch, with polite retries. */
async function embedBatch(model: string, input: string[], signal?: AbortSignal): Promise<number[][]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request(model, input, signal);
    } catch (error) {
      const explained = explain(error, model);
      if (!explained.transient || attempt >= ATTEMPTS - 1 || signal?.aborted) throw explained;
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs(error, attempt)));
    }
  }
}

/** Embeddings of many texts, in order, batch after batch. */
export async function embedTexts(model: string, texts: string[], signal?: AbortSignal): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    out.push(...(await embedBatch(model, texts.slice(i, i + BATCH), signal)));
  }
  return out;
}

/** A visitor's question: one quick try, given up after `timeoutMs` (retrieval then uses full text). */
export async function embedQuery(model: string, text: string, timeoutMs: number): Promise<number[] | null> {
  try {
    const [vector] = await request(model, [text], AbortSignal.timeout(timeoutMs));
    return vector;
  } catch {
    return null;
  }
}
