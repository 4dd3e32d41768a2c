// HTTP/1.1 over plain sockets, for what fetch cannot show: whether a connection is refused, and a
// request that was already on its way to the server when the server started shutting down.
import net from 'node:net';

export type RawAnswer = {
  status: number;
  headers: Record<string, string>;
  /** The whole body, read once the headers have been checked (chunked or by length). */
  body: () => Promise<string>;
};

type Parse<T> = (buffer: Buffer) => { value: T; used: number } | null;

/** Reads HTTP responses from a socket as its bytes arrive. */
class Incoming {
  private buffer = Buffer.alloc(0);
  private closed = false;
  private waiting: Array<() => void> = [];

  constructor(socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake() {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private async take<T>(parse: Parse<T>, what: string): Promise<T> {
    for (;;) {
      const got = parse(this.buffer);
      if (got) {
        this.buffer = this.buffer.subarray(got.used);
        return got.value;
      }
      if (this.closed) throw new Error(`the connection closed before ${what}`);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private line(what: string): Promise<string> {
    return this.take((b) => {
      const end = b.indexOf('\r\n');
      return end < 0 ? null : { value: b.subarray(0, end).toString('latin1'), used: end + 2 };
    }, what);
  }

  private bytes(count: number, what: string): Promise<Buffer> {
    return this.take((b) => (b.length < count ? null : { value: b.subarray(0, count), used: count }), what);
  }

  /** Whether any byte arrives before the connection closes. */
  async anything(): Promise<boolean> {
    try {
      await this.take((b) => (b.length > 0 ? { value: true, used: 0 } : null), 'any answer');
      return true;
    } catch {
      return false;
    }
  }

  async answer(): Promise<RawAnswer> {
    const statusLine = await this.line('the status line');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!match) throw new Error(`not an HTTP status line: ${statusLine}`);
    const headers: Record<string, string> = {};
    for (let line = await this.line('the headers'); line !== ''; line = await this.line('the headers')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let body: Promise<string> | null = null;
    return {
      status: Number(match[1]),
      headers,
      body: () => {
        body ??= this.body(headers);
        return body;
      },
    };
  }

  private async body(headers: Record<string, string>): Promise<string> {
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        const size = Number.parseInt(await this.line('a chunk size'), 16);
        if (size === 0) break;
        parts.push(await this.bytes(size, 'the end of a chunk'));
        await this.line('the end of a chunk');
      }
      while ((await this.line('the end of the body')) !== '') {
        // trailers: none expected, skipped
      }
      return Buffer.concat(parts).toString('utf8');
    }
    if (headers['content-length'] !== undefined) {
      return (await this.bytes(Number(headers['content-length']), 'the end of the body')).toString('utf8');
    }
    await this.take(() => (this.closed ? { value: null, used: 0 } : null), 'the end of the body');
    return this.buffer.toString('utf8');
  }
}

type Request = { method?: string; headers?: Record<string, string>; body?: string };

function connect(url: URL): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The rest of a request after its request line: headers (with Host and the body's length), body. */
function headersAndBody(url: URL, request: Request): string {
  const body = request.body ?? '';
  const headers: Record<string, string> = {
    host: url.host,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...request.headers,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `${lines.join('')}\r\n${body}`;
}

/**
 * One request on a connection of its own (never a kept-alive one): `'refused'` when nothing
 * listens on the port, which is how a client sees a server that has closed its listener, or when
 * the connection is closed before a single byte of answer (one the kernel accepted just before the
 * listener closed: the server never saw the request).
 */
export async function requestOnNewConnection(
  address: string,
  request: Request = {},
): Promise<RawAnswer | 'refused'> {
  const url = new URL(address);
  let socket: net.Socket;
  try {
    socket = await connect(url);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') return 'refused';
    throw error;
  }
  socket.on('error', () => {
    // A reset shows as the connection closing before the answer is complete.
  });
  const incoming = new Incoming(socket);
  socket.write(`${request.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1\r\n`);
  socket.write(headersAndBody(url, request));
  if (!(await incoming.anything())) return 'refused';
  return incoming.answer();
}

/**
 * A connection that is in the middle of a request: it sends a whole GET /api/health and, in the
 * same packet, the request line of `request`. Once the health answer is back the server has read
 * that line too, so the connection is busy, not idle: closing the listener and the idle
 * connections leaves it open. `finish` sends the headers and body later, as a client whose request
 * was under way when the server was told to stop.
 */
export async function startRequest(address: string, method: string) {
  const url = new URL(address);
  const socket = await connect(url);
  socket.on('error', () => {
    // A reset shows as the connection closing before the answer is complete.
  });
  const incoming = new Incoming(socket);
  const target = `${url.pathname}${url.search}`;
  socket.write(`GET /api/health HTTP/1.1\r\nhost: ${url.host}\r\n\r\n${method} ${target} HTTP/1.1\r\n`);
  const health = await incoming.answer();
  await health.body();
  if (health.status !== 200) throw new Error(`the server is not healthy yet: ${health.status}`);
  return {
    finish(request: Omit<Request, 'method'>): Promise<RawAnswer> {
      socket.write(headersAndBody(url, request));
      return incoming.answer();
    },
    close: () => socket.destroy(),
  };
}
