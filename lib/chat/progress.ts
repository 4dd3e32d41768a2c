import type { Db } from '@/db/client';
import { saveProgress } from '@/db/queries/answers';
import { log } from '@/lib/log';

/**
 * Writes the growing text of running answers to the database every `everyMs`, one statement for
 * all of them: a hundred streams cost one write a tick instead of a hundred.
 */
export class ProgressSaver {
  private readonly pending = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly everyMs = 500,
  ) {}

  /** The answer's text so far; written at the next tick. */
  update(id: string, content: string): void {
    this.pending.set(id, content);
    this.timer ??= setTimeout(() => void this.flush(), this.everyMs);
  }

  /** The answer is ending: drop what is waiting for it and let a write in flight finish first. */
  async forget(id: string): Promise<void> {
    this.pending.delete(id);
    await this.saving;
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (this.pending.size === 0) return;
    if (this.saving) {
      this.timer = setTimeout(() => void this.flush(), this.everyMs);
      return;
    }
    const batch = [...this.pending].map(([id, content]) => ({ id, content }));
    this.pending.clear();
    this.saving = saveProgress(this.db, batch)
      .catch((error) => {
        log('warn', 'save_progress_failed', { answers: batch.length, err: error });
        // Keep the text for the next tick unless newer text or the end came meanwhile.
        for (const { id, content } of batch) if (!this.pending.has(id)) this.pending.set(id, content);
      })
      .finally(() => {
        this.saving = null;
        if (this.pending.size > 0) this.timer ??= setTimeout(() => void this.flush(), this.everyMs);
      });
    await this.saving;
  }
}
