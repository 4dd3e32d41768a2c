import type { AnswerFeed } from '@/lib/chat/feed';
import type { ChatEvent, StartEvent } from '@/lib/contracts';

const encoder = new TextEncoder();
const KEEPALIVE_MS = 15_000;

function frame(event: ChatEvent): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(event)}\n\n`);
}

/**
 * The HTTP stream is one subscriber of an answer: when the client goes away it unsubscribes,
 * and the answer goes on being written on the server.
 */
export function sseResponse(start: StartEvent, feed: AnswerFeed, signal: AbortSignal): Response {
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      const send = (event: ChatEvent) => {
        if (closed) return;
        try {
          controller.enqueue(frame(event));
        } catch {
          close();
        }
      };
      let unsubscribe = () => {};
      const keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(': keepalive\n\n'));
      }, KEEPALIVE_MS);
      const onAbort = () => close();
      signal.addEventListener('abort', onAbort);
      cleanup = () => {
        unsubscribe();
        clearInterval(keepalive);
        signal.removeEventListener('abort', onAbort);
      };
      send(start);
      const sofar = feed.snapshot();
      if (sofar) send({ type: 'delta', text: sofar });
      unsubscribe = feed.subscribe((event) => {
        send(event);
        if (event.type !== 'delta') close();
      });
      if (closed) unsubscribe();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      // Tells nginx not to buffer the stream.
      'X-Accel-Buffering': 'no',
    },
  });
}
