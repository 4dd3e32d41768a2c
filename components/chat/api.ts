import type * as z from 'zod/mini';
import {
  type ApiConversation,
  type ApiConversationDetail,
  apiConversation,
  apiRefusal,
  conversationList,
  stopResult,
  visitorCreated,
} from '@/lib/contracts';

export type { ApiConversation, ApiMessage } from '@/lib/contracts';

/** A refusal from the API, or `network` when no answer came back at all. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
  }
}

export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; plain-http deployments still get a v4 UUID.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function refusal(response: Response): Promise<ApiError> {
  let code = 'internal';
  try {
    const body = apiRefusal.safeParse(await response.json());
    if (body.success) code = body.data.error.code;
  } catch {
    // Not JSON at all (a proxy's error page): keep the generic code.
  }
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(code, response.status, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

/** A body that does not match its contract is the server's fault, not the visitor's connection. */
async function read<T>(response: Response, schema: z.ZodMiniType<T>): Promise<T> {
  try {
    const body = schema.safeParse(await response.json());
    if (body.success) return body.data;
  } catch {
    // Unreadable JSON: the same refusal as a body of the wrong shape.
  }
  throw new ApiError('internal', response.status);
}

export class ChatApi {
  constructor(
    private readonly base: string,
    private readonly token: () => string | null,
    /** Named on every call, so that a deleted site is told apart from an expired token. */
    private readonly siteId?: string,
  ) {}

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const token = this.token();
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        ...init,
        headers: {
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(this.siteId ? { 'X-Parley-Site': this.siteId } : {}),
          ...init.headers,
        },
        cache: 'no-store',
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ApiError('network', 0);
    }
    if (!response.ok) throw await refusal(response);
    return response;
  }

  /** A new visitor token: anonymous, or with `user` the visitor the host site signed in. */
  async createVisitor(
    siteId: string,
    user?: { id: string; hash: string; name?: string; email?: string },
  ): Promise<string> {
    const response = await this.call('/api/visitors', {
      method: 'POST',
      body: JSON.stringify(user ? { siteId, user } : { siteId }),
    });
    return (await read(response, visitorCreated)).token;
  }

  /** Ends this browser's sign-in (an identified visitor's token stops working); best effort. */
  async signOut(): Promise<void> {
    await this.call('/api/visitors/me', { method: 'DELETE' });
  }

  async conversations(signal?: AbortSignal): Promise<ApiConversation[]> {
    const response = await this.call('/api/conversations', { signal });
    return (await read(response, conversationList)).conversations;
  }

  /** The newest page of a conversation's messages, or with `before` (an `older` cursor) the page before. */
  async conversation(
    id: string,
    options: { before?: string; signal?: AbortSignal } = {},
  ): Promise<ApiConversationDetail> {
    const query = options.before ? `?before=${encodeURIComponent(options.before)}` : '';
    const response = await this.call(`/api/conversations/${id}${query}`, { signal: options.signal });
    return read(response, apiConversation);
  }

  chat(
    body: { conversationId?: string; messageId: string; content: string; locale?: string },
    signal?: AbortSignal,
  ) {
    return this.call('/api/chat', { method: 'POST', body: JSON.stringify(body), signal });
  }

  retry(conversationId: string, messageId: string, locale?: string, signal?: AbortSignal) {
    return this.call(`/api/conversations/${conversationId}/retry`, {
      method: 'POST',
      body: JSON.stringify({ messageId, locale }),
      signal,
    });
  }

  resume(conversationId: string, signal?: AbortSignal) {
    return this.call(`/api/conversations/${conversationId}/stream`, { signal });
  }

  /** The visitor's vote on an answer; a later vote replaces it. */
  async feedback(messageId: string, rating: 'up' | 'down', comment: string | null): Promise<void> {
    await this.call(`/api/messages/${messageId}/feedback`, {
      method: 'POST',
      body: JSON.stringify({ rating, comment }),
    });
  }

  async stop(conversationId: string): Promise<void> {
    await read(await this.call(`/api/conversations/${conversationId}/stop`, { method: 'POST' }), stopResult);
  }
}
