import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeUpstream } from './fake-upstream.mjs';

type Upstream = Awaited<ReturnType<typeof startFakeUpstream>>;

let upstream: Upstream;
let client: OpenAI;
let root: string; // http://127.0.0.1:PORT (no /v1)

beforeAll(async () => {
  upstream = await startFakeUpstream({ port: 0 });
  client = new OpenAI({ apiKey: 'test', baseURL: upstream.url, maxRetries: 0 });
  root = upstream.url.replace(/\/v1$/, '');
});

afterAll(async () => {
  await upstream?.close();
});

beforeEach(async () => {
  await fetch(`${root}/__requests`, { method: 'DELETE' });
});

function user(content: string): OpenAI.Chat.ChatCompletionMessageParam[] {
  return [{ role: 'user', content }];
}

async function collect(stream: AsyncIterable<OpenAI.Chat.ChatCompletionChunk>) {
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  return { chunks, text };
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

describe('fake upstream', () => {
  it('streams the default echo reply with a usage chunk', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'fake-model',
        messages: [
          { role: 'system', content: 'be nice' },
          { role: 'user', content: 'first [[fail 500]]' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: '  hello   world  ' },
        ],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-request-id')).toMatch(/^req_\d+$/);

    const { chunks, text } = await collect(stream);
    expect(text).toBe('Echo: hello   world');

    const first = chunks[0];
    expect(first.object).toBe('chat.completion.chunk');
    expect(first.id).toMatch(/^chatcmpl-\d+$/);
    expect(first.model).toBe('fake-model');
    expect(first.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBeGreaterThan(1);

    const usageChunk = chunks[chunks.length - 1];
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toBeTruthy();
    const usage = usageChunk.usage as OpenAI.CompletionUsage;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);

    const finish = chunks[chunks.length - 2];
    expect(finish.choices[0].finish_reason).toBe('stop');
    expect(finish.choices[0].delta).toEqual({});
    for (const c of chunks.slice(0, -1)) expect(c.usage).toBeNull();
  });

  it('speaks the raw SSE wire format', async () => {
    const res = await fetch(`${upstream.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: user('[[reply a b]]'), stream: true }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('content-length')).toBeNull();
    const raw = await res.text();
    const events = raw.split('\n\n');
    expect(events.pop()).toBe('');
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events[events.length - 1]).toBe('data: [DONE]');
    const json = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    // role chunk, "a", " b", finish; no usage key without include_usage
    expect(json.map((j) => j.choices[0].delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'a' },
      { content: ' b' },
      {},
    ]);
    expect(json.every((j) => !('usage' in j))).toBe(true);
    expect(json[0]).toMatchObject({ system_fingerprint: null, choices: [{ index: 0, logprobs: null }] });
  });

  it('answers non-streaming requests, also without the /v1 prefix', async () => {
    const completion = await client.chat.completions.create({ model: 'm', messages: user('[[words 7]]') });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].message.content?.split(' ')).toHaveLength(7);
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(7);

    const bare = new OpenAI({ apiKey: 'k', baseURL: root, maxRetries: 0 });
    const c2 = await bare.chat.completions.create({ model: 'm', messages: user('hi') });
    expect(c2.choices[0].message.content).toBe('Echo: hi');
  });

  it('fail 429 raises an APIError with status, retry-after and request id', async () => {
    const err = await caught(
      client.chat.completions.create({ model: 'm', messages: user('[[fail 429]] hi'), stream: true }),
    );
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const apiErr = err as InstanceType<typeof OpenAI.APIError>;
    expect(apiErr.status).toBe(429);
    expect(apiErr.requestID).toMatch(/^req_\d+$/);
    expect(apiErr.headers?.get('x-request-id')).toBe(apiErr.requestID);
    expect(apiErr.headers?.get('retry-after')).toBe('1');
    expect(apiErr.code).toBe('rate_limit_exceeded');

    for (const status of [400, 401, 500, 503]) {
      const e = (await caught(
        client.chat.completions.create({ model: 'm', messages: user(`[[fail ${status}]]`) }),
      )) as InstanceType<typeof OpenAI.APIError>;
      expect(e).toBeInstanceOf(OpenAI.APIError);
      expect(e.status).toBe(status);
      expect(typeof (e.error as { message?: unknown }).message).toBe('string');
      expect(e.headers?.get('retry-after')).toBeNull();
    }
  });

  it('scoped directives only hit the named model', async () => {
    const msg = user('[[gpt-a: fail 500]] [[gap 20]] hello');
    const err = (await caught(
      client.chat.completions.create({ model: 'gpt-a', messages: msg, stream: true }),
    )) as InstanceType<typeof OpenAI.APIError>;
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.status).toBe(500);

    const { text } = await collect(
      await client.chat.completions.create({ model: 'gpt-b', messages: msg, stream: true }),
    );
    expect(text).toBe('Echo: hello');

    // model ids containing ':' work as scopes too, and scoped beats unscoped
    const c = await client.chat.completions.create({
      model: 'llama3:8b',
      messages: user('[[words 2]] [[llama3:8b: reply scoped]] [[gpt-a: reply nope]]'),
    });
    expect(c.choices[0].message.content).toBe('scoped');
  });

  it('cut 2 yields two deltas and then a connection error', async () => {
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: user('[[cut 2]] one two three four'),
      stream: true,
    });
    const deltas: string[] = [];
    let error: unknown;
    try {
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta?.content;
        if (content) deltas.push(content);
        expect(chunk.choices[0]?.finish_reason ?? null).toBeNull();
      }
    } catch (err) {
      error = err;
    }
    expect(deltas).toEqual(['Echo:', ' one']);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(OpenAI.APIUserAbortError);

    const nonStreaming = await caught(
      client.chat.completions.create({ model: 'm', messages: user('[[cut 0]]') }),
    );
    expect(nonStreaming).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('hang can be aborted with an AbortSignal', async () => {
    const started = Date.now();
    const err = await caught(
      client.chat.completions.create(
        { model: 'm', messages: user('[[hang]]'), stream: true },
        { signal: AbortSignal.timeout(150) },
      ),
    );
    expect(err).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(1500);

    // hang-after 1: headers + one content chunk, then silence until the client aborts
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'm', messages: user('[[hang-after 1]] a b c'), stream: true },
      { signal: controller.signal },
    );
    const deltas: string[] = [];
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta?.content;
      if (content) {
        deltas.push(content);
        setTimeout(() => controller.abort(), 100);
      }
    }
    expect(deltas).toEqual(['Echo:']);
  });

  it('reply text round-trips exactly, including newlines', async () => {
    const reply = '  Line one,\n\nline **two**\twith tab\n  - item: yes\r\n\nend  ';
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: user(`before [[reply ${reply}]] after`),
      stream: true,
    });
    const { chunks, text } = await collect(stream);
    expect(text).toBe(reply);
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBeGreaterThan(5);

    const c = await client.chat.completions.create({ model: 'm', messages: user(`[[reply ${reply}]]`) });
    expect(c.choices[0].message.content).toBe(reply);
  });

  it('markdown, words, ttft and gap directives', async () => {
    const md = (await client.chat.completions.create({ model: 'm', messages: user('[[markdown]]') }))
      .choices[0].message.content as string;
    expect(md).toMatch(/^# /m);
    expect(md).toContain('**bold**');
    expect(md).toMatch(/^- /m);
    expect(md).toContain('[example](https://example.com)');
    expect(md).toContain('```js\n');
    expect(md).toContain('<script>alert(1)</script>');
    expect(md).toContain('<img src=x onerror=alert(1)>');

    const started = Date.now();
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: user('[[ttft 120]] [[gap 15]] [[words 5]]'),
      stream: true,
    });
    let firstAt = 0;
    let text = '';
    for await (const chunk of stream) {
      if (!firstAt) firstAt = Date.now();
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    const endAt = Date.now();
    expect(text).toBe('lorem ipsum dolor sit amet');
    expect(firstAt - started).toBeGreaterThanOrEqual(100);
    expect(endAt - firstAt).toBeGreaterThanOrEqual(4 * 15 - 10);
  });

  it('validates requests like the real API', async () => {
    const post = (body: string) =>
      fetch(`${upstream.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    for (const body of [
      '{not json',
      JSON.stringify({ messages: user('x') }),
      JSON.stringify({ model: 'm', messages: [] }),
      JSON.stringify({ model: 'm' }),
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.headers.get('x-request-id')).toMatch(/^req_\d+$/);
      const json = await res.json();
      expect(json.error).toMatchObject({ type: 'invalid_request_error' });
      expect(typeof json.error.message).toBe('string');
      expect('code' in json.error).toBe(true);
    }
    const models = await client.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    expect((await fetch(`${root}/__health`)).status).toBe(200);
  });

  it('records requests, exposed via /__requests', async () => {
    await client.chat.completions
      .create({
        model: 'rec-model',
        messages: user('[[words 1]] record me'),
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 42,
      })
      .then(collect);
    await client.chat.completions.create({ model: 'rec-2', messages: user('second') });

    const res = await fetch(`${root}/__requests`);
    expect(res.headers.get('x-request-id')).toMatch(/^req_\d+$/);
    const recorded = (await res.json()) as Array<
      Record<string, unknown> & { headers: Record<string, string> }
    >;
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({
      model: 'rec-model',
      messages: user('[[words 1]] record me'),
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 42,
    });
    expect(recorded[0].headers.authorization).toBe('Bearer test');
    expect(recorded[0].requestId).toMatch(/^req_\d+$/);
    expect(typeof recorded[0].at).toBe('number');
    expect(recorded[1]).toMatchObject({ model: 'rec-2', messages: user('second') });
    expect(recorded[1].stream).toBeUndefined();
    expect(upstream.requests.map((r) => r.model)).toEqual(['rec-model', 'rec-2']);

    expect((await fetch(`${root}/__requests`, { method: 'DELETE' })).status).toBe(200);
    expect(await (await fetch(`${root}/__requests`)).json()).toEqual([]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('serves 300 concurrent streams', async () => {
    const n = 300;
    const results = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const res = await fetch(`${upstream.url}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: 'm', messages: user(`[[gap 2]] [[words 10]] ${i}`), stream: true }),
        });
        const raw = await res.text();
        // role chunk + 10 content chunks + finish chunk + [DONE]
        return { done: raw.endsWith('data: [DONE]\n\n'), events: raw.split('\n\n').length - 1 };
      }),
    );
    expect(results.filter((r) => !r.done || r.events !== 13)).toEqual([]);
  });

  it('close() destroys open sockets promptly', async () => {
    const other = await startFakeUpstream();
    const pending = fetch(`${other.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: user('[[hang]]'), stream: true }),
    });
    const streaming = await fetch(`${other.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: user('[[hang-after 1]] a b'), stream: true }),
    });
    const body = streaming.text();
    // attach handlers now so the rejections are never unhandled
    pending.catch(() => {});
    body.catch(() => {});
    // Both requests have reached the server (the hanging one gets no answer to wait for).
    await vi.waitFor(() => expect(other.requests).toHaveLength(2), { timeout: 5000 });
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(500);
    await expect(pending).rejects.toThrow();
    await expect(body).rejects.toThrow();
  });
});
