import type { Database } from '@/db/client';
import { interruptOwner, streamingOwners } from '@/db/queries/answers';
import { pruneRateLimits } from '@/db/queries/rate-limits';
import { pruneRetention } from '@/db/queries/sites';
import { getDatabase } from '@/lib/database';
import { env } from '@/lib/env';
import { Indexer } from '@/lib/knowledge/indexer';
import { Knowledge } from '@/lib/knowledge/knowledge';
import { log } from '@/lib/log';
import { upstreamClient } from '@/lib/upstream/client';
import type { OpenedRequest } from './attempt';
import { RunBus } from './bus';
import { ProgressSaver } from './progress';
import { RecentConversations } from './recent';
import type { ChatRun, RunOptions } from './run';
import { Runs } from './runs';

/** What starting a run needs beyond the runtime's own settings. */
export type RunPlan = Pick<
  RunOptions,
  | 'conversationId'
  | 'userMessageId'
  | 'assistantMessageId'
  | 'models'
  | 'messages'
  | 'temperature'
  | 'grounding'
> & { opened?: OpenedRequest };

/**
 * Per-process state: the runs this instance executes and the way to reach the others'.
 * Everything that matters beyond the process (messages, their status, who owns a run) is in the
 * database. `now` is the clock that rate-limit windows read; tests may give their own.
 */
export class Runtime {
  readonly runs: Runs;
  /** Histories of conversations this instance answered last (see lib/chat/recent.ts). */
  readonly recent: RecentConversations;
  /** The sites' knowledge as retrieval sees it (lib/knowledge/knowledge.ts). */
  readonly knowledge: Knowledge;
  /** Syncs knowledge sources in the background (lib/knowledge/indexer.ts). */
  readonly indexer: Indexer;
  accepting = true;
  private timers: NodeJS.Timeout[] = [];
  private readonly progress: ProgressSaver;
  private readonly bus: RunBus;

  constructor(
    readonly database: Database,
    readonly now: () => number = Date.now,
  ) {
    this.progress = new ProgressSaver(database.db);
    this.bus = new RunBus(database);
    this.runs = new Runs(database, this.bus);
    this.recent = new RecentConversations(now);
    this.knowledge = new Knowledge(database);
    this.indexer = new Indexer(database, this.knowledge);
  }

  get db() {
    return this.database.db;
  }

  async init(): Promise<void> {
    await this.sweepOrphans();
    await this.knowledge.start();
    await this.indexer.start();
    await this.bus.start({
      onStop: (id) => this.runs.onStop(id),
      onWatch: (id, from) => this.runs.onWatch(id, from),
    });
    const sweep = setInterval(() => {
      this.sweepOrphans().catch((error) => log('warn', 'sweep_failed', { err: error }));
    }, 30_000);
    const prune = setInterval(() => {
      pruneRateLimits(this.db, new Date(this.now())).catch((error) =>
        log('warn', 'prune_failed', { err: error }),
      );
    }, 10 * 60_000);
    // Sites with a retention period lose their idle conversations (every instance may run it).
    const retention = setInterval(() => {
      pruneRetention(this.db, new Date(this.now()))
        .then((count) => count > 0 && log('info', 'retention_deleted', { conversations: count }))
        .catch((error) => log('warn', 'retention_failed', { err: error }));
    }, 60 * 60_000);
    sweep.unref();
    prune.unref();
    retention.unref();
    this.timers.push(sweep, prune, retention);
  }

  /** Answers left `streaming` by an instance that is gone (crash, kill) become `interrupted`. */
  async sweepOrphans(): Promise<number> {
    let total = 0;
    for (const owner of await streamingOwners(this.db)) {
      if (owner && (await this.database.isInstanceAlive(owner))) continue;
      const count = await interruptOwner(this.db, owner);
      if (count > 0) log('warn', 'orphans_interrupted', { owner, count });
      total += count;
    }
    return total;
  }

  /** Starts a run of a stored exchange on this instance. */
  startRun(plan: RunPlan): ChatRun {
    const e = env();
    return this.runs.start({
      ...plan,
      db: this.db,
      progress: this.progress,
      client: upstreamClient(e),
      firstTokenTimeoutMs: e.CHAT_FIRST_TOKEN_TIMEOUT_MS,
      idleTimeoutMs: e.CHAT_STREAM_IDLE_TIMEOUT_MS,
      maxOutputTokens: e.CHAT_MAX_OUTPUT_TOKENS || undefined,
    });
  }

  /**
   * Stops taking new chats, lets running answers finish for up to `graceMs`, then interrupts
   * the rest (they keep their text, with code `interrupted`) and closes the database.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.accepting = false;
    for (const timer of this.timers) clearInterval(timer);
    const indexing = this.indexer.stop();
    const pending = this.runs.all();
    if (pending.length > 0) log('info', 'shutdown_waiting', { runs: pending.length, graceMs });
    const all = Promise.all(pending.map((run) => run.done));
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), graceMs).unref(),
    );
    if ((await Promise.race([all, timeout])) === 'timeout') {
      for (const run of this.runs.all()) run.interrupt();
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    }
    await indexing;
    await this.database.close();
  }
}

const KEY = Symbol.for('parley.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const pending = (async () => {
      const runtime = new Runtime(await getDatabase());
      await runtime.init();
      return runtime;
    })();
    holder[KEY] = pending;
    pending.catch(() => {
      if (holder[KEY] === pending) holder[KEY] = undefined;
    });
  }
  return holder[KEY];
}
