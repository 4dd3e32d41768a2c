// Reference 2: the same pass-through as bench/node-passthrough.mjs, as a Next.js route handler
// served by Next.js's request handler, as Parley's routes are. No auth, no database, no history.
import OpenAI from 'openai';

export const dynamic = 'force-dynamic';

const model = process.env.CHAT_MODEL || 'gpt-4o-mini';
const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY || 'bench',
  baseURL: process.env.OPENAI_BASE_URL,
  maxRetries: 0,
});
const encoder = new TextEncoder();
const frame = (event) => encoder.encode(`data: ${JSON.stringify(event)}\n\n`);

export async function POST(request) {
  const { content } = await request.json();
  const controller = new AbortController();
  const body = new ReadableStream({
    start(out) {
      out.enqueue(
        frame({
          type: 'start',
          conversationId: crypto.randomUUID(),
          userMessageId: crypto.randomUUID(),
          assistantMessageId: crypto.randomUUID(),
        }),
      );
      (async () => {
        try {
          const stream = await client.chat.completions.create(
            {
              model,
              messages: [{ role: 'user', content }],
              stream: true,
              stream_options: { include_usage: true },
            },
            { signal: controller.signal },
          );
          for await (const chunk of stream) {
            const text = chunk.choices[0]?.delta?.content;
            if (text) out.enqueue(frame({ type: 'delta', text }));
          }
          out.enqueue(frame({ type: 'done', status: 'complete', model }));
        } catch {
          if (controller.signal.aborted) return;
          out.enqueue(frame({ type: 'error', code: 'upstream_error', message: 'The model did not answer.' }));
        }
        out.close();
      })();
    },
    cancel() {
      controller.abort();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
