/**
 * The extraction thread's entry (bundled to build/extract-worker.mjs by scripts/build-workers.mjs):
 * parsing a large PDF or hundreds of pages takes seconds of CPU that must not stop the server's
 * event loop (lib/knowledge/extract-thread.ts).
 */
import { parentPort } from 'node:worker_threads';
import { ExtractError, extractFile, extractHtml } from './extract';

export type ExtractRequest =
  | { id: number; kind: 'file'; bytes: Uint8Array; name: string; contentType: string | null }
  | { id: number; kind: 'html'; html: string; url: string };

parentPort?.on('message', async (request: ExtractRequest) => {
  try {
    const result =
      request.kind === 'file'
        ? await extractFile(request.bytes, request.name, request.contentType)
        : extractHtml(request.html, request.url);
    parentPort?.postMessage({ id: request.id, result });
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      error: {
        message: error instanceof Error ? error.message : String(error),
        code: error instanceof ExtractError ? error.code : null,
      },
    });
  }
});
