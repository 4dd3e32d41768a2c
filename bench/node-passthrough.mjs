// Reference 1: the floor of a Node.js chat gateway. A bare node:http server that forwards
// POST /api/chat to the upstream with the same openai SDK and settings as Parley, and streams
// the answer back as SSE in Parley's event format. No auth, no database, no history.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import OpenAI from 'openai';

const port = Number(process.env.PORT || 0);
const model = process.env.CHAT_MODEL || 'gpt-4o-mini';
const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY || 'bench',
  baseURL: process.env.OPENAI_BASE_URL,
  maxRetries: 0,
});
const frame = (event) => `data: ${JSON.stringify(event)}\n\n`;

async function chat(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const { content } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store, no-transform',
    'X-Accel-Buffering': 'no',
  });
  const conversationId = randomUUID();
  res.write(
    frame({ type: 'start', conversationId, userMessageId: randomUUID(), assistantMessageId: randomUUID() }),
  );
  try {
    const stream = await client.chat.completions.create(
      { model, messages: [{ role: 'user', content }], stream: true, stream_options: { include_usage: true } },
      { signal: controller.signal },
    );
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) res.write(frame({ type: 'delta', text }));
    }
    res.end(frame({ type: 'done', status: 'complete', model }));
  } catch {
    res.end(frame({ type: 'error', code: 'upstream_error', message: 'The model did not answer.' }));
  }
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/api/chat') {
    res.writeHead(404).end();
    return;
  }
  chat(req, res).catch(() => {
    if (!res.headersSent) res.writeHead(400);
    res.end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`node-passthrough ready on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
