#!/usr/bin/env node
// @ts-check
/**
 * Fake OpenAI-compatible upstream used by Parley's tests and benchmarks in
 * place of a real model. It speaks the real Chat Completions wire format
 * (JSON and SSE streaming) and can be scripted to misbehave through
 * `[[...]]` directives inside the last user message.
 *
 * Library use:
 *   import { startFakeUpstream } from './e2e/fake-upstream.mjs';
 *   const up = await startFakeUpstream({ ttftMs: 0, gapMs: 0 });
 *   // up.url === 'http://127.0.0.1:PORT/v1'
 *   await up.close();
 *
 * CLI use:
 *   node e2e/fake-upstream.mjs --port 4010 --ttft-ms 50 --gap-ms 10 [--words N] [--host H]
 *   (defaults from FAKE_UPSTREAM_PORT / FAKE_UPSTREAM_TTFT_MS / FAKE_UPSTREAM_GAP_MS /
 *   FAKE_UPSTREAM_WORDS / FAKE_UPSTREAM_HOST)
 *
 * Directives (in the LAST user message; `[[model: directive]]` scopes one to a
 * single model, scoped ones override unscoped ones, later ones override
 * earlier ones):
 *   fail 429|500|503|400|401 (any 4xx/5xx)  error in OpenAI format (429 adds retry-after: 1)
 *   cut N          N content chunks, then the socket is destroyed (no finish, no [DONE])
 *   hang           accept the request, never answer
 *   hang-after N   headers + N content chunks, then stall forever
 *   ttft MS        delay before the first chunk
 *   gap MS         delay between chunks
 *   words N        reply is N deterministic lorem words
 *   reply TEXT     reply is exactly TEXT (up to the closing `]]`)
 *   markdown       reply is a fixed Markdown sample (incl. raw HTML / XSS bait)
 * Default reply: `Echo: ` + last user message with directives removed, trimmed.
 */

import { realpathSync } from 'node:fs';
import http from 'node:http';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { embeddingsResponse } from './fake-embeddings.mjs';

/**
 * @typedef {object} FakeUpstreamOptions
 * @property {number} [port] TCP port; 0 (default) picks a random free port.
 * @property {string} [host] Interface to bind; default '127.0.0.1'.
 * @property {number} [ttftMs] Delay before the first chunk (default 0).
 * @property {number} [gapMs] Delay between chunks (default 0).
 * @property {number} [words] If set, the default reply is N lorem words instead of the echo.
 * @property {string[]} [models] Model ids listed by GET /v1/models.
 * @property {Record<string, string>} [replies] Exact answers for exact (trimmed) user messages.
 * @property {Record<string, string>} [directives] Directives (such as `[[hang-after 8]]`) applied to
 *   exact (trimmed) user messages, as if the visitor had typed them: screenshots show clean questions.
 */

/**
 * @typedef {object} RecordedRequest
 * @property {unknown} model
 * @property {unknown} messages
 * @property {unknown} stream
 * @property {unknown} stream_options
 * @property {unknown} [max_tokens]
 * @property {unknown} [max_completion_tokens]
 * @property {{ authorization: string | null, [name: string]: string | string[] | null | undefined }} headers
 *   All request headers (lower-cased names); `authorization` is null when absent.
 * @property {string} path
 * @property {number} at Arrival time, ms since epoch.
 * @property {string} requestId The `x-request-id` sent back, e.g. `req_3`.
 * @property {boolean} [closedByClient] Set when the client closed the request before the answer ended.
 */

/**
 * @typedef {object} FakeUpstream
 * @property {string} url Base URL including `/v1`, e.g. `http://127.0.0.1:4010/v1`.
 * @property {number} port
 * @property {RecordedRequest[]} requests Live array of recorded chat requests (last 1000).
 * @property {Array<{ model: unknown, input: unknown, at: number }>} embeddings Live array of recorded
 *   embeddings requests (last 1000; also GET/DELETE /__embeddings).
 * @property {() => Promise<void>} close Destroys open sockets and stops the server.
 */

/**
 * @typedef {object} Plan
 * @property {number | null} fail
 * @property {number | null} cut
 * @property {boolean} hang
 * @property {number | null} hangAfter
 * @property {number} ttftMs
 * @property {number} gapMs
 * @property {number | null} words
 * @property {string | null} reply
 * @property {boolean} markdown
 */

const MAX_RECORDED = 1000;
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const DEFAULT_MODELS = ['fake-model', 'gpt-a', 'gpt-b'];

export const MARKDOWN_SAMPLE = [
  '# Parley Markdown sample',
  '',
  'This is **bold** text and this is *italic* text with `inline code`.',
  '',
  '- first item',
  '- second item',
  '- third item',
  '',
  'A link: [example](https://example.com)',
  '',
  '```js',
  'function greet(name) {',
  '  return "Hello, " + name + "!";',
  '}',
  'console.log(greet("world"));',
  '```',
  '',
  'Raw HTML that must not render: <script>alert(1)</script>',
  '',
  '<img src=x onerror=alert(1)>',
  '',
  'The end.',
].join('\n');

const LOREM = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ' +
  'incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis ' +
  'nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat'
).split(' ');

/** @param {number} n */
export function loremWords(n) {
  const out = new Array(Math.max(0, n));
  for (let i = 0; i < out.length; i++) out[i] = LOREM[i % LOREM.length];
  return out.join(' ');
}

/** @type {Record<number, { message: string, type: string, code: string | null }>} */
const ERRORS = {
  400: { message: 'Bad request (fake-upstream directive).', type: 'invalid_request_error', code: null },
  401: {
    message: 'Incorrect API key provided (fake-upstream directive).',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  403: { message: 'Forbidden (fake-upstream directive).', type: 'invalid_request_error', code: null },
  404: {
    message: 'Not found (fake-upstream directive).',
    type: 'invalid_request_error',
    code: 'model_not_found',
  },
  429: {
    message: 'Rate limit reached (fake-upstream directive). Please try again in 1s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message:
      'The server had an error while processing your request. Sorry about that! (fake-upstream directive)',
    type: 'server_error',
    code: null,
  },
  502: { message: 'Bad gateway (fake-upstream directive).', type: 'server_error', code: null },
  503: {
    message: 'The engine is currently overloaded, please try again later. (fake-upstream directive)',
    type: 'server_error',
    code: null,
  },
};

const DIRECTIVE_RE = /\[\[([\s\S]*?)\]\]/g;
const DIRECTIVE_BODY_RE =
  /^\s*(?:(\S+?):\s*)?(fail|cut|hang-after|hang|ttft|gap|words|reply|markdown)(?:$|\s([\s\S]*)$)/;

/**
 * Extracts the text of a message content (string or array of content parts).
 * @param {unknown} content
 * @returns {string}
 */
function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && typeof p.text === 'string' ? p.text : ''))
      .join('');
  }
  return '';
}

/**
 * Parses the directives of `text` that apply to `model`.
 * @param {string} text
 * @param {string} model
 * @param {{ ttftMs: number, gapMs: number, words: number | null }} defaults
 * @returns {{ plan: Plan, clean: string }}
 */
export function parseDirectives(text, model, defaults) {
  /** @type {Plan} */
  const plan = {
    fail: null,
    cut: null,
    hang: false,
    hangAfter: null,
    ttftMs: defaults.ttftMs,
    gapMs: defaults.gapMs,
    words: null,
    reply: null,
    markdown: false,
  };
  /** @type {Array<[string, string]>} */
  const unscoped = [];
  /** @type {Array<[string, string]>} */
  const scoped = [];
  for (const m of text.matchAll(DIRECTIVE_RE)) {
    const body = DIRECTIVE_BODY_RE.exec(m[1]);
    if (!body) continue; // unknown directive: ignored (still stripped from the echo)
    const [, scope, name, arg = ''] = body;
    if (scope === undefined) unscoped.push([name, arg]);
    else if (scope === model) scoped.push([name, arg]);
  }
  for (const [name, arg] of [...unscoped, ...scoped]) {
    const n = Number.parseInt(arg.trim(), 10);
    const num = Number.isFinite(n) && n >= 0 ? n : null;
    switch (name) {
      case 'fail':
        if (num !== null && num >= 400 && num <= 599) plan.fail = num;
        break;
      case 'cut':
        plan.cut = num ?? 0;
        break;
      case 'hang':
        plan.hang = true;
        break;
      case 'hang-after':
        plan.hangAfter = num ?? 0;
        break;
      case 'ttft':
        if (num !== null) plan.ttftMs = num;
        break;
      case 'gap':
        if (num !== null) plan.gapMs = num;
        break;
      case 'words':
        if (num !== null) {
          plan.words = num;
          plan.reply = null;
          plan.markdown = false;
        }
        break;
      case 'reply':
        plan.reply = arg;
        plan.words = null;
        plan.markdown = false;
        break;
      case 'markdown':
        plan.markdown = true;
        plan.reply = null;
        plan.words = null;
        break;
    }
  }
  if (plan.words === null && plan.reply === null && !plan.markdown && defaults.words !== null) {
    plan.words = defaults.words;
  }
  return { plan, clean: text.replace(DIRECTIVE_RE, '').trim() };
}

/**
 * Splits text into ~1-word pieces whose concatenation is exactly `text`.
 * @param {string} text
 * @returns {string[]}
 */
export function splitPieces(text) {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

/** @param {string} s */
function countTokens(s) {
  const m = s.match(/\S+/g);
  return m ? m.length : 0;
}

/**
 * @param {number | undefined} v
 * @param {number} fallback
 */
function nonNeg(v, fallback) {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/**
 * Starts the fake upstream.
 * @param {FakeUpstreamOptions} [options]
 * @returns {Promise<FakeUpstream>}
 */
export function startFakeUpstream(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const defaults = {
    ttftMs: nonNeg(options.ttftMs, 0),
    gapMs: nonNeg(options.gapMs, 0),
    words: typeof options.words === 'number' && options.words >= 0 ? Math.floor(options.words) : null,
  };
  const models = options.models ?? DEFAULT_MODELS;
  // Canned answers for whole messages (used for documentation screenshots).
  const replies = new Map(Object.entries(options.replies ?? {}));
  const scripted = new Map(Object.entries(options.directives ?? {}));
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {Array<{ model: unknown, input: unknown, at: number }>} */
  const embeddings = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let counter = 0;
  let closing = false;

  const server = http.createServer({ noDelay: true, keepAliveTimeout: 5000 }, (req, res) => {
    const n = ++counter;
    const requestId = `req_${n}`;
    res.setHeader('x-request-id', requestId);
    req.on('error', () => {});
    res.on('error', () => {});
    try {
      route(req, res, n, requestId);
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, String(err), 'server_error', null);
      else res.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => {
    socket.destroy();
  });

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {number} n
   * @param {string} requestId
   */
  function route(req, res, n, requestId) {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';

    if (path === '/__health') {
      return sendJson(res, 200, { ok: true });
    }
    if (path === '/__requests') {
      if (method === 'GET') return sendJson(res, 200, requests);
      if (method === 'DELETE') {
        requests.length = 0;
        return sendJson(res, 200, { ok: true });
      }
      return sendError(res, 405, `Method ${method} not allowed`, 'invalid_request_error', null);
    }
    if (path === '/__embeddings') {
      if (method === 'DELETE') embeddings.length = 0;
      return sendJson(res, 200, embeddings);
    }
    if ((path === '/v1/embeddings' || path === '/embeddings') && method === 'POST') {
      return readBody(req, res, (raw) => {
        let body = null;
        try {
          body = JSON.parse(raw);
        } catch {}
        embeddings.push({ model: body?.model, input: body?.input, at: Date.now() });
        if (embeddings.length > MAX_RECORDED) embeddings.splice(0, embeddings.length - MAX_RECORDED);
        const answer = embeddingsResponse(body);
        sendJson(res, answer.status, answer.json);
      });
    }
    if (path === '/v1/models' || path === '/models') {
      if (method !== 'GET')
        return sendError(res, 405, `Method ${method} not allowed`, 'invalid_request_error', null);
      return sendJson(res, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake-upstream' })),
      });
    }
    const modelMatch = /^\/(?:v1\/)?models\/(.+)$/.exec(path);
    if (modelMatch && method === 'GET') {
      return sendJson(res, 200, {
        id: decodeURIComponent(modelMatch[1]),
        object: 'model',
        created: 1700000000,
        owned_by: 'fake-upstream',
      });
    }
    if (path === '/v1/chat/completions' || path === '/chat/completions') {
      if (method !== 'POST') {
        return sendError(res, 405, `Method ${method} not allowed`, 'invalid_request_error', null);
      }
      return readBody(req, res, (raw) => handleChat(req, res, raw, n, requestId, path));
    }
    return sendError(
      res,
      404,
      `Unknown request URL: ${method} ${path}.`,
      'invalid_request_error',
      'unknown_url',
    );
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {(raw: string) => void} done
   */
  function readBody(req, res, done) {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (/** @type {Buffer} */ c) => {
      if (tooBig) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        tooBig = true;
        sendError(res, 413, 'Request body too large.', 'invalid_request_error', null);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!tooBig) done(Buffer.concat(chunks).toString('utf8'));
    });
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   * @param {string} raw
   * @param {number} n
   * @param {string} requestId
   * @param {string} path
   */
  function handleChat(req, res, raw, n, requestId, path) {
    /** @type {any} */
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(
        res,
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
        'invalid_request_error',
        null,
      );
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return sendError(res, 400, 'The request body must be a JSON object.', 'invalid_request_error', null);
    }

    /** @type {RecordedRequest} */
    const record = {
      model: body.model,
      messages: body.messages,
      stream: body.stream,
      stream_options: body.stream_options,
      headers: { ...req.headers, authorization: req.headers.authorization ?? null },
      path,
      at: Date.now(),
      requestId,
    };
    if (body.max_tokens !== undefined) record.max_tokens = body.max_tokens;
    if (body.max_completion_tokens !== undefined) record.max_completion_tokens = body.max_completion_tokens;
    requests.push(record);
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);

    if (typeof body.model !== 'string' || body.model.length === 0) {
      return sendError(
        res,
        400,
        'you must provide a model parameter',
        'invalid_request_error',
        null,
        'model',
      );
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return sendError(
        res,
        400,
        "Invalid 'messages': expected a non-empty array.",
        'invalid_request_error',
        body.messages === undefined ? 'missing_required_parameter' : 'invalid_type',
        'messages',
      );
    }
    for (let i = 0; i < body.messages.length; i++) {
      const m = body.messages[i];
      if (!m || typeof m !== 'object' || typeof m.role !== 'string') {
        return sendError(
          res,
          400,
          `Invalid 'messages[${i}]': expected an object with a 'role'.`,
          'invalid_request_error',
          'invalid_type',
          `messages[${i}]`,
        );
      }
    }

    const model = body.model;
    /** @type {any[]} */
    const messages = body.messages;
    let lastUser = '';
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i].role === 'user') {
        lastUser = contentText(messages[i].content);
        break;
      }
    }
    const script = scripted.get(lastUser.trim());
    const { plan, clean } = parseDirectives(script ? `${lastUser} ${script}` : lastUser, model, defaults);

    if (plan.fail !== null) {
      const e = ERRORS[plan.fail] ?? {
        message: `Fake upstream error ${plan.fail}.`,
        type: 'server_error',
        code: null,
      };
      if (plan.fail === 429) res.setHeader('retry-after', '1');
      return sendError(res, plan.fail, e.message, e.type, e.code);
    }

    let text;
    if (plan.reply !== null) text = plan.reply;
    else if (plan.markdown) text = MARKDOWN_SAMPLE;
    else if (plan.words !== null) text = loremWords(plan.words);
    else if (replies.has(clean)) text = /** @type {string} */ (replies.get(clean));
    else text = `Echo: ${clean}`;

    let promptTokens = 0;
    for (const m of messages) promptTokens += countTokens(contentText(m.content)) + 3;
    const pieces = splitPieces(text);
    const created = Math.floor(Date.now() / 1000);
    const id = `chatcmpl-${n}`;

    /** @type {ReturnType<typeof setTimeout> | null} */
    let timer = null;
    let finished = false;
    res.on('close', () => {
      if (!res.writableEnded) record.closedByClient = true;
      finished = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    });

    if (plan.hang) return; // never answer; the socket stays open until either side closes it

    if (body.stream !== true) {
      if (plan.hangAfter !== null) return;
      const respond = () => {
        timer = null;
        if (finished) return;
        if (plan.cut !== null) {
          res.socket?.destroy();
          return;
        }
        sendJson(res, 200, {
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text, refusal: null, annotations: [] },
              logprobs: null,
              finish_reason: 'stop',
            },
          ],
          usage: {
            prompt_tokens: promptTokens,
            completion_tokens: pieces.length,
            total_tokens: promptTokens + pieces.length,
          },
          system_fingerprint: null,
        });
      };
      if (plan.ttftMs > 0) timer = setTimeout(respond, plan.ttftMs);
      else respond();
      return;
    }

    // ---- streaming ----
    const includeUsage = !!(body.stream_options && body.stream_options.include_usage === true);
    const usageSuffix = includeUsage ? ',"usage":null}' : '}';
    const prefix = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":null,"choices":`;
    /** @param {string} content */
    const contentEvent = (content) =>
      `${prefix}[{"index":0,"delta":{"content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}]${usageSuffix}\n\n`;

    // Plan the number of content chunks and how the stream ends.
    /** @type {'finish' | 'cut' | 'hang'} */
    let ending = 'finish';
    let limit = pieces.length;
    if (plan.cut !== null) {
      ending = 'cut';
      limit = Math.min(plan.cut, pieces.length);
    }
    if (plan.hangAfter !== null && (plan.cut === null || plan.hangAfter <= plan.cut)) {
      ending = 'hang';
      limit = Math.min(plan.hangAfter, pieces.length);
    }

    res.statusCode = 200;
    res.setHeader('content-type', 'text/event-stream');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();

    let i = -1; // -1 = role chunk not sent yet
    const gap = plan.gapMs;

    const finish = () => {
      if (finished) return;
      if (ending === 'hang') return; // stall until the client goes away
      if (ending === 'cut') {
        // Abrupt end of the HTTP body: no terminating chunk, no finish_reason, no [DONE].
        // Flush what was written (uncorks), send FIN, then destroy the socket.
        finished = true;
        const sock = res.socket;
        if (!sock) return;
        sock.end(() => sock.destroy());
        return;
      }
      let tail = `${prefix}[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]${usageSuffix}\n\n`;
      if (includeUsage) {
        tail += `${prefix}[],"usage":{"prompt_tokens":${promptTokens},"completion_tokens":${limit},"total_tokens":${promptTokens + limit}}}\n\n`;
      }
      tail += 'data: [DONE]\n\n';
      finished = true;
      res.end(tail);
    };

    const step = () => {
      timer = null;
      if (finished) return;
      // With no gap, write as many chunks as the socket accepts without waiting.
      do {
        let out;
        if (i === -1) {
          out = `${prefix}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]${usageSuffix}\n\n`;
          i = 0;
          if (i < limit) out += contentEvent(pieces[i++]);
        } else if (i < limit) {
          out = contentEvent(pieces[i++]);
        } else {
          finish();
          return;
        }
        const ok = res.write(out);
        if (i >= limit) {
          if (ok) finish();
          else res.once('drain', finish);
          return;
        }
        if (!ok) {
          res.once('drain', () => {
            if (!finished) schedule();
          });
          return;
        }
      } while (gap <= 0 && !finished);
      schedule();
    };

    const schedule = () => {
      if (finished) return;
      if (gap > 0) timer = setTimeout(step, gap);
      else step();
    };

    if (plan.ttftMs > 0) timer = setTimeout(step, plan.ttftMs);
    else step();
  }

  /**
   * @param {http.ServerResponse} res
   * @param {number} status
   * @param {unknown} value
   */
  function sendJson(res, status, value) {
    if (res.headersSent || res.writableEnded) return;
    const body = JSON.stringify(value);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  /**
   * @param {http.ServerResponse} res
   * @param {number} status
   * @param {string} message
   * @param {string} type
   * @param {string | null} code
   * @param {string | null} [param]
   */
  function sendError(res, status, message, type, code, param = null) {
    sendJson(res, status, { error: { message, type, param, code } });
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(nonNeg(options.port, 0), host, () => {
      server.off('error', reject);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}/v1`,
        port,
        requests,
        embeddings,
        close() {
          if (closing) return Promise.resolve();
          closing = true;
          return new Promise((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
            sockets.clear();
          });
        },
      });
    });
  });
}

// ---------------------------------------------------------------- CLI ----

/**
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 */
function parseCli(argv, env) {
  /** @type {Record<string, string>} */
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq !== -1) flags[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[a.slice(2)] = argv[++i];
    else flags[a.slice(2)] = 'true';
  }
  /** @param {string | undefined} v */
  const num = (v) => {
    if (v === undefined || v === '') return undefined;
    const x = Number(v);
    return Number.isFinite(x) ? x : undefined;
  };
  return {
    port: num(flags.port ?? env.FAKE_UPSTREAM_PORT) ?? 0,
    host: flags.host ?? env.FAKE_UPSTREAM_HOST ?? '127.0.0.1',
    ttftMs: num(flags['ttft-ms'] ?? env.FAKE_UPSTREAM_TTFT_MS),
    gapMs: num(flags['gap-ms'] ?? env.FAKE_UPSTREAM_GAP_MS),
    words: num(flags.words ?? env.FAKE_UPSTREAM_WORDS),
  };
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const opts = parseCli(process.argv.slice(2), process.env);
  startFakeUpstream(opts).then(
    (upstream) => {
      process.stdout.write(`fake-upstream listening on ${upstream.url}\n`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        upstream.close().then(() => process.exit(0));
        setTimeout(() => process.exit(0), 2000).unref();
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (err) => {
      process.stderr.write(`fake-upstream failed to start: ${err?.message ?? err}\n`);
      process.exit(1);
    },
  );
}
