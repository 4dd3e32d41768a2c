import * as z from 'zod/mini';
import type { Database } from '@/db/client';
import { runPiece } from '@/lib/contracts';
import { log } from '@/lib/log';

/**
 * The notifications that let an instance follow and stop a run that another instance executes,
 * over PostgreSQL's LISTEN/NOTIFY (PGlite has them too, with one instance):
 * - to the owner, on CONTROL: `stop:<id>`, or `watch:<id>:<offset>` (send me the text from there on);
 * - from the owner, on OUTPUT: `{"id","at","text"}` (text that starts at offset `at`) and `end:<id>`
 *   once the answer's final state is stored.
 */
const CONTROL = 'parley_run_control';
const OUTPUT = 'parley_run_output';

// NOTIFY payloads must stay under 8000 bytes: 1,000 UTF-16 units are at most 6,000 bytes as JSON.
const CHUNK = 1000;

export type Piece = { at: number; text: string };

export type BusHandlers = {
  onStop(id: string): void;
  onWatch(id: string, from: number): void;
};

type Follower = { onPiece(piece: Piece): void; onEnd(): void };

export class RunBus {
  private readonly followers = new Map<string, Set<Follower>>();

  constructor(private readonly database: Database) {}

  async start(handlers: BusHandlers): Promise<void> {
    await this.database.listen(CONTROL, (payload) => {
      const [kind, id, from] = payload.split(':');
      if (kind === 'stop' && id) handlers.onStop(id);
      else if (kind === 'watch' && id) handlers.onWatch(id, Number(from) || 0);
    });
    await this.database.listen(OUTPUT, (payload) => this.dispatch(payload));
  }

  private dispatch(payload: string): void {
    if (payload.startsWith('end:')) {
      for (const follower of this.followers.get(payload.slice(4)) ?? []) follower.onEnd();
      return;
    }
    let piece: z.infer<typeof runPiece>;
    try {
      piece = z.parse(runPiece, JSON.parse(payload));
    } catch {
      return;
    }
    for (const follower of this.followers.get(piece.id) ?? [])
      follower.onPiece({ at: piece.at, text: piece.text });
  }

  /** Follows a run's output; the returned function stops following. */
  follow(id: string, follower: Follower): () => void {
    const set = this.followers.get(id) ?? new Set<Follower>();
    this.followers.set(id, set);
    set.add(follower);
    return () => {
      set.delete(follower);
      if (set.size === 0) this.followers.delete(id);
    };
  }

  watch(id: string, from: number): Promise<void> {
    return this.send(CONTROL, `watch:${id}:${from}`);
  }

  stop(id: string): Promise<void> {
    return this.send(CONTROL, `stop:${id}`);
  }

  /** Publishes text of a run that starts at offset `at`, in pieces that fit a notification. */
  async publish(id: string, piece: Piece): Promise<void> {
    let { at } = piece;
    let rest = piece.text;
    while (rest.length > 0) {
      let size = Math.min(CHUNK, rest.length);
      // Never split a surrogate pair across two notifications.
      if (size < rest.length && /[\uD800-\uDBFF]/.test(rest[size - 1])) size -= 1;
      await this.send(OUTPUT, JSON.stringify({ id, at, text: rest.slice(0, size) }));
      at += size;
      rest = rest.slice(size);
    }
  }

  ended(id: string): Promise<void> {
    return this.send(OUTPUT, `end:${id}`);
  }

  private async send(channel: string, payload: string): Promise<void> {
    try {
      await this.database.notify(channel, payload);
    } catch (error) {
      // Followers fall back to reading the database; a lost notification costs latency, not data.
      log('warn', 'notify_failed', { channel, err: error });
    }
  }
}
