import { env } from '@/lib/env';
import { upstreamClient } from '@/lib/upstream/client';
import { openCompletion } from './attempt';
import type { ChatRun } from './run';
import type { RunPlan, Runtime } from './runtime';

/**
 * Calls the first model while the exchange is being stored, then starts the run on the stored
 * exchange: the model's first token and the insert overlap (measured: the insert's round trip
 * leaves the time to first token). Nothing of the answer is read before the store commits; when
 * the store fails, the model request is cancelled and the failure is thrown.
 */
export async function runWhileStoring(rt: Runtime, plan: RunPlan, store: Promise<unknown>): Promise<ChatRun> {
  const e = env();
  const opened = openCompletion(upstreamClient(e), {
    model: plan.models[0],
    messages: plan.messages,
    maxOutputTokens: e.CHAT_MAX_OUTPUT_TOKENS || undefined,
    temperature: plan.temperature,
  });
  try {
    await store;
  } catch (error) {
    opened.controller.abort();
    throw error;
  }
  return rt.startRun({ ...plan, opened });
}
