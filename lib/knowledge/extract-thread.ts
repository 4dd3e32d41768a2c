import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExtractError, type ExtractErrorCode, type Extracted } from './extract';
import type { ExtractRequest } from './extract-worker';

/*
 * Extraction on a thread of its own (build/extract-worker.mjs): started when a sync needs it and
 * ended after a quiet spell, so an idle server holds no PDF parser. A document that takes too long
 * or too much memory ends the thread and fails alone, with a reason for the owner.
 */

const WORKER_FILE = path.join(process.cwd(), 'build', 'extract-worker.mjs');
const TIMEOUT_MS = 120_000;
const IDLE_MS = 10_000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

type Waiter = { resolve: (value: Extracted) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

class ExtractThread {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiter>();
  private next = 0;
  private idle: NodeJS.Timeout | null = null;

  run(request: DistributiveOmit<ExtractRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<Extracted> {
    const worker = this.start();
    if (this.idle) clearTimeout(this.idle);
    const id = this.next++;
    return new Promise<Extracted>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error('Reading the document took over two minutes; it may be too large or damaged.'));
      }, TIMEOUT_MS);
      this.waiting.set(id, { resolve, reject, timer });
      worker.postMessage({ ...request, id }, transfer);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: 768 } });
    worker.unref();
    worker.on(
      'message',
      (message: { id: number; result?: Extracted; error?: { message: string; code: string | null } }) => {
        const waiter = this.waiting.get(message.id);
        if (!waiter) return;
        this.waiting.delete(message.id);
        clearTimeout(waiter.timer);
        if (message.error) {
          const { code, message: text } = message.error;
          waiter.reject(code ? new ExtractError(code as ExtractErrorCode, text) : new Error(text));
        } else waiter.resolve(message.result as Extracted);
        this.settle();
      },
    );
    worker.on('error', (error) => {
      const tooBig = /memory|heap/i.test(error.message);
      this.fail(
        new Error(tooBig ? 'The document needs more memory to read than Parley allows.' : error.message),
      );
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the thread and fails what waited on it (the next document starts a new one). */
  private fail(error: Error) {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiting.clear();
  }

  private settle() {
    if (this.waiting.size > 0) return;
    this.idle = setTimeout(() => {
      if (this.waiting.size === 0) this.fail(new Error('idle'));
    }, IDLE_MS);
    this.idle.unref();
  }
}

const KEY = Symbol.for('parley.extract-thread');
type Holder = { [KEY]?: ExtractThread };

function thread(): ExtractThread {
  const holder = globalThis as Holder;
  holder[KEY] ??= new ExtractThread();
  return holder[KEY];
}

/** The text of an uploaded or downloaded file, read on the extraction thread. */
export function extractFileOffThread(bytes: Uint8Array, name: string, contentType: string | null) {
  // A copy is handed over (transferred): the caller's buffer may be a view into a larger one.
  const copy = bytes.slice();
  return thread().run({ kind: 'file', bytes: copy, name, contentType }, [copy.buffer as ArrayBuffer]);
}

/** The text of a web page, read on the extraction thread. */
export function extractHtmlOffThread(html: string, url: string) {
  return thread().run({ kind: 'html', html, url });
}

/** The crawler's extractor (lib/knowledge/crawl.ts): pages and files, off the server's thread. */
export function extractOffThread(
  input:
    | { kind: 'html'; html: string; url: string }
    | { kind: 'file'; bytes: Uint8Array; name: string; contentType: string | null },
) {
  return input.kind === 'html'
    ? extractHtmlOffThread(input.html, input.url)
    : extractFileOffThread(input.bytes, input.name, input.contentType);
}
