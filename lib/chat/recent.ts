import { LRUCache } from 'lru-cache';
import { HISTORY_LIMIT, type HistoryItem } from '@/db/queries/turns';
import type { VisitorScope } from '@/db/scope';

/**
 * The history of conversations whose latest answer this instance wrote, so that the next message
 * in one of them can call the model before any database work (the read before the model call was
 * the whole of Parley's time to first token above the route on the embedded database).
 *
 * An entry is only a guess: it carries the conversation's `updated_at` as it was after this
 * instance's own write, and the insert of the next exchange goes through only when the
 * conversation still has that version (`insertExchange`'s `after`). Every write to a
 * conversation's messages, on any instance, changes it (a new exchange, a Retry); the streaming of
 * an answer does not, and only the instance running it writes that. A stale entry therefore costs
 * a cancelled model request and the ordinary path, never a wrong history.
 */
export type RecentTurn = {
  scope: VisitorScope;
  locale: string | null;
  version: string;
  history: HistoryItem[];
};

type Entry = RecentTurn & {
  /** The answer being written; the entry can be used once it has been stored. */
  pending: string | null;
};

export type RecentLimits = { entries: number; chars: number; idleMs: number };

const DEFAULT_LIMITS: RecentLimits = { entries: 2000, chars: 4_000_000, idleMs: 15 * 60_000 };

const sizeOf = (entry: Entry) =>
  Math.max(
    1,
    entry.history.reduce((sum, item) => sum + item.content.length, 0),
  );

export class RecentConversations {
  private readonly entries: LRUCache<string, Entry>;

  constructor(now: () => number = Date.now, limits: RecentLimits = DEFAULT_LIMITS) {
    this.entries = new LRUCache<string, Entry>({
      max: limits.entries,
      maxSize: limits.chars,
      sizeCalculation: sizeOf,
      ttl: limits.idleMs,
      ttlAutopurge: false,
      perf: { now },
    });
  }

  /** A usable entry for this visitor's conversation (its last answer stored), or undefined. */
  get(scope: VisitorScope, conversationId: string): RecentTurn | undefined {
    const entry = this.entries.get(conversationId, { updateAgeOnGet: false });
    if (!entry || entry.pending) return undefined;
    if (entry.scope.visitorId !== scope.visitorId || entry.scope.siteId !== scope.siteId) return undefined;
    return entry;
  }

  /** An exchange was stored with this history (ending with the visitor's message); its answer runs. */
  stored(conversationId: string, turn: RecentTurn, answerId: string): void {
    this.entries.set(conversationId, {
      ...turn,
      history: turn.history.slice(-HISTORY_LIMIT),
      pending: answerId,
    });
  }

  /** The answer was stored with this text: the entry can be used for the next message. */
  answered(conversationId: string, answerId: string, content: string): void {
    const entry = this.entries.get(conversationId);
    if (!entry || entry.pending !== answerId) return;
    const history = content ? [...entry.history, { role: 'assistant' as const, content }] : entry.history;
    this.entries.set(conversationId, { ...entry, history: history.slice(-HISTORY_LIMIT), pending: null });
  }

  forget(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  get size(): number {
    this.entries.purgeStale();
    return this.entries.size;
  }
}
