import type { Db } from '@/db/client';
import { getAnswerState } from '@/db/queries/answers';
import type { ChatMessage } from '@/db/schema';
import type { Citation, DeltaEvent, EndEvent } from '@/lib/contracts';
import { type ErrorCode, errorCodes, messageFor } from '@/lib/errors';
import type { RunBus } from './bus';
import type { ChatRun } from './run';

/** What an HTTP stream reads: the answer so far, then live deltas until the end. */
export interface AnswerFeed {
  snapshot(): string;
  subscribe(listener: (event: DeltaEvent | EndEvent) => void): () => void;
}

export function endOf(
  message: Pick<ChatMessage, 'status' | 'model' | 'errorCode'> & { citations?: unknown },
): EndEvent | null {
  if (message.status === 'complete' || message.status === 'stopped') {
    const citations = Array.isArray(message.citations) ? (message.citations as Citation[]) : undefined;
    return {
      type: 'done',
      status: message.status,
      model: message.model,
      ...(citations ? { citations } : {}),
    };
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
 * An answer that another instance writes (or one already finished): its stored text, then the
 * owner's live output over notifications (lib/chat/bus.ts). The database is read again on the
 * owner's `end`, on a gap in the offsets, and every `pollMs` in case a notification was missed.
 */
export function remoteFeed(db: Db, bus: RunBus, message: ChatMessage, pollMs = 1000): AnswerFeed {
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
      let timer: NodeJS.Timeout | undefined;
      const close = () => {
        active = false;
        unfollow();
        clearTimeout(timer);
      };
      const extend = (at: number, text: string): boolean => {
        if (!active || at > content.length) return false;
        const fresh = text.slice(content.length - at);
        if (fresh) {
          content += fresh;
          listener({ type: 'delta', text: fresh });
        }
        return true;
      };
      const check = async () => {
        try {
          const current = await getAnswerState(db, message.id);
          if (!active) return;
          if (!current) {
            close();
            listener({ type: 'error', code: 'not_found', message: messageFor('not_found') });
            return;
          }
          if (current.content.startsWith(content))
            extend(content.length, current.content.slice(content.length));
          const end = endOf(current);
          if (end) {
            close();
            listener(end);
          }
        } catch {
          // A passing database error: the next poll tries again.
        }
      };
      const unfollow = bus.follow(message.id, {
        onPiece: (piece) => {
          // Text was missed: ask the owner for it again and read what is stored meanwhile.
          if (!extend(piece.at, piece.text) && active) {
            void bus.watch(message.id, content.length);
            void check();
          }
        },
        onEnd: () => void check(),
      });
      const poll = async () => {
        await check();
        if (active) timer = setTimeout(poll, pollMs);
      };
      timer = setTimeout(poll, pollMs);
      void bus.watch(message.id, content.length);
      return close;
    },
  };
}
