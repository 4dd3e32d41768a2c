import type { Database } from '@/db/client';
import { finishAnswer, getAnswerState } from '@/db/queries/answers';
import type { ChatMessage } from '@/db/schema';
import type { RunBus } from './bus';
import { type AnswerFeed, remoteFeed, runFeed } from './feed';
import { ChatRun, type RunOptions } from './run';

export type StopResult = { messageId: string; status: string };

/** How long a Stop waits for another instance to end its run before judging it gone. */
const REMOTE_STOP_MS = 3000;
/** Live output is gathered this long before it is published to other instances. */
const PUBLISH_EVERY_MS = 10;

/**
 * The runs of the whole deployment as this instance sees them: `feed` and `stop` work the same
 * whether the run is here or on another instance (reached over lib/chat/bus.ts).
 */
export class Runs {
  private readonly local = new Map<string, ChatRun>();
  private readonly published = new Map<string, Publisher>();

  constructor(
    private readonly database: Database,
    private readonly bus: RunBus,
  ) {}

  start(options: RunOptions): ChatRun {
    const run = new ChatRun(options);
    this.local.set(run.assistantMessageId, run);
    run.done.finally(() => this.local.delete(run.assistantMessageId));
    return run;
  }

  get(id: string): ChatRun | undefined {
    return this.local.get(id);
  }

  all(): ChatRun[] {
    return [...this.local.values()];
  }

  /** The answer's text so far and what comes next, wherever it is written. */
  feed(answer: ChatMessage): AnswerFeed {
    const run = this.local.get(answer.id);
    return run ? runFeed(run) : remoteFeed(this.database.db, this.bus, answer);
  }

  /** Ends a streaming answer wherever it runs, keeping its text. */
  async stop(answer: ChatMessage): Promise<StopResult> {
    const run = this.local.get(answer.id);
    if (run) {
      run.stop();
      const end = await run.done;
      return { messageId: answer.id, status: end.type === 'done' ? end.status : 'error' };
    }
    // The owner says `end` once the answer is stored: each wait ends on it, or after 250 ms (a lost
    // notification, an owner that is gone), and the database says how the answer stands.
    let endPending = false;
    let wake = () => {};
    const unfollow = this.bus.follow(answer.id, {
      onPiece: () => {},
      onEnd: () => {
        endPending = true;
        wake();
      },
    });
    try {
      await this.bus.stop(answer.id);
      const deadline = Date.now() + REMOTE_STOP_MS;
      while (Date.now() < deadline) {
        if (!endPending) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 250);
          });
        }
        endPending = false;
        const current = await getAnswerState(this.database.db, answer.id);
        if (current && current.status !== 'streaming')
          return { messageId: current.id, status: current.status };
      }
    } finally {
      unfollow();
    }
    // Nobody answered: when the owner is gone, end the answer here.
    if (!answer.runOwner || !(await this.database.isInstanceAlive(answer.runOwner))) {
      const current = await getAnswerState(this.database.db, answer.id);
      await finishAnswer(this.database.db, answer.id, { status: 'stopped', content: current?.content ?? '' });
      return { messageId: answer.id, status: 'stopped' };
    }
    return { messageId: answer.id, status: 'streaming' };
  }

  /** Another instance asks this one to stop a run. */
  onStop(id: string): void {
    const run = this.local.get(id);
    if (!run) return;
    this.publisher(run);
    run.stop();
  }

  /** Another instance follows a run of this one from offset `from`. */
  onWatch(id: string, from: number): void {
    const run = this.local.get(id);
    if (run) this.publisher(run).catchUp(from);
  }

  private publisher(run: ChatRun): Publisher {
    let publisher = this.published.get(run.assistantMessageId);
    if (!publisher) {
      publisher = new Publisher(this.bus, run);
      this.published.set(run.assistantMessageId, publisher);
      run.done.finally(() => this.published.delete(run.assistantMessageId));
    }
    return publisher;
  }
}

/**
 * Publishes one run's output for other instances, from the first time one asks: text gathered
 * for PUBLISH_EVERY_MS, in order (one notification after another), then `end` once it is stored.
 */
class Publisher {
  private queue: Promise<void> = Promise.resolve();
  private pending: { at: number; text: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private offset: number;

  constructor(
    private readonly bus: RunBus,
    private readonly run: ChatRun,
  ) {
    this.offset = run.content.length;
    run.subscribe((event) => {
      if (event.type === 'delta') this.add(event.text);
      else {
        this.flush();
        this.enqueue(() => this.bus.ended(run.assistantMessageId));
      }
    });
  }

  catchUp(from: number): void {
    this.flush();
    const text = this.run.content.slice(from);
    if (text) this.enqueue(() => this.bus.publish(this.run.assistantMessageId, { at: from, text }));
  }

  private add(text: string): void {
    if (this.pending) this.pending.text += text;
    else this.pending = { at: this.offset, text };
    this.offset += text.length;
    this.timer ??= setTimeout(() => this.flush(), PUBLISH_EVERY_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const piece = this.pending;
    this.pending = null;
    if (piece) this.enqueue(() => this.bus.publish(this.run.assistantMessageId, piece));
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step, step);
  }
}
