import type { Db } from '@/db/client';
import { getMessage } from '@/db/queries/messages';
import type { ChatMessage } from '@/db/schema';
import type { DeltaEvent, EndEvent } from '@/lib/contracts';
import { type ErrorCode, errorCodes, messageFor } from '@/lib/errors';
import type { ChatRun } from './run';

/** What an HTTP stream reads: the answer so far, then live deltas until the end. */
export interface AnswerFeed {
  snapshot(): string;
  subscribe(listener: (event: DeltaEvent | EndEvent) => void): () => void;
}

export function endOf(message: Pick<ChatMessage, 'status' | 'model' | 'errorCode'>): EndEvent | null {
  if (message.status === 'complete' || message.status === 'stopped') {
    return { type: 'done', status: message.status, model: message.model };
  }
  if (message.status === 'error') {
    const code = (message.errorCode ?? 'upstream_error') as ErrorCode;
    return {
      type: 'error',
      code,
      message: code in errorCodes ? messageFor(code) : messageFor('upstream_error'),
    };
  }
  return null;
}

export function runFeed(run: ChatRun): AnswerFeed {
  return { snapshot: () => run.content, subscribe: (listener) => run.subscribe(listener) };
}

/**
 * An answer being written by another instance (or already finished): read from the database
 * every `intervalMs` until it ends. The writer saves progress about twice a second.
 */
export function storedFeed(db: Db, message: ChatMessage, intervalMs = 250): AnswerFeed {
  let content = message.content;
  return {
    snapshot: () => content,
    subscribe(listener) {
      const finished = endOf(message);
      if (finished) {
        queueMicrotask(() => listener(finished));
        return () => {};
      }
      let active = true;
      const tick = async () => {
        if (!active) return;
        try {
          const current = await getMessage(db, message.id);
          if (!active) return;
          if (!current) {
            listener({ type: 'error', code: 'not_found', message: messageFor('not_found') });
            return;
          }
          if (current.content.length > content.length && current.content.startsWith(content)) {
            const text = current.content.slice(content.length);
            content = current.content;
            listener({ type: 'delta', text });
          }
          const end = endOf(current);
          if (end) {
            listener(end);
            return;
          }
        } catch {
          // A passing database error: try again on the next tick.
        }
        setTimeout(tick, intervalMs);
      };
      setTimeout(tick, intervalMs);
      return () => {
        active = false;
      };
    },
  };
}
