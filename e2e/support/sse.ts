import type { ChatEvent } from '@/lib/contracts';

/** Parses a whole text/event-stream body into its JSON events. */
export function parseEvents(body: string): ChatEvent[] {
  return body
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n'),
    )
    .filter(Boolean)
    .map((data) => JSON.parse(data) as ChatEvent);
}

export function textOf(events: ChatEvent[]): string {
  return events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
}

/** A small API client for tests: real HTTP against a running app. */
export class ApiClient {
  constructor(
    readonly base: string,
    public token?: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async visitor(siteId?: string): Promise<string> {
    const response = await fetch(`${this.base}/api/visitors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(siteId ? { siteId } : {}),
    });
    if (response.status !== 201) throw new Error(`visitor: ${response.status} ${await response.text()}`);
    this.token = ((await response.json()) as { token: string }).token;
    return this.token;
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', ...headers }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  get(path: string) {
    return fetch(`${this.base}${path}`, { headers: this.headers() });
  }

  /** Sends a message and reads the whole stream. */
  async chat(
    content: string,
    options: { conversationId?: string; messageId?: string; locale?: string } = {},
  ) {
    const messageId = options.messageId ?? crypto.randomUUID();
    const response = await this.post('/api/chat', {
      content,
      messageId,
      conversationId: options.conversationId,
      locale: options.locale,
    });
    const body = await response.text();
    const events = response.ok ? parseEvents(body) : [];
    const start = events.find((e) => e.type === 'start');
    return {
      status: response.status,
      response,
      body,
      events,
      text: textOf(events),
      end: events.at(-1),
      messageId,
      conversationId: start?.type === 'start' ? start.conversationId : undefined,
      assistantMessageId: start?.type === 'start' ? start.assistantMessageId : undefined,
    };
  }

  async conversations(): Promise<Array<{ id: string; title: string | null }>> {
    const response = await this.get('/api/conversations');
    return ((await response.json()) as { conversations: Array<{ id: string; title: string | null }> })
      .conversations;
  }

  async conversation(id: string) {
    const response = await this.get(`/api/conversations/${id}`);
    return {
      status: response.status,
      body: (await response.json()) as {
        id: string;
        messages: Array<{
          id: string;
          role: string;
          content: string;
          status: string;
          model: string | null;
          errorCode: string | null;
          createdAt: string;
        }>;
        error?: { code: string };
      },
    };
  }
}

/** Reads one SSE response bit by bit: `until` reads until the text so far satisfies a test. */
export function streamOf(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let body = '';
  return {
    async until(test: (text: string) => boolean): Promise<string> {
      while (!test(body)) {
        const { done, value } = await reader.read();
        if (done) break;
        body += decoder.decode(value, { stream: true });
      }
      return body;
    },
    rest(): Promise<string> {
      return this.until(() => false);
    },
    cancel: () => reader.cancel(),
    conversationId(): string {
      return (parseEvents(body)[0] as { conversationId: string }).conversationId;
    },
  };
}
