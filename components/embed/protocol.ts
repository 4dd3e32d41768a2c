import type { HostIdentity } from '@/components/chat/chat-jobs';
import { VISITOR_TOKEN } from '@/lib/contracts';

/**
 * The messages between the loader (embed/loader.js, on the host page) and the chat in its
 * iframe (/embed/<siteId>). Version 1; docs/embed.md describes the exchange.
 *
 * 1. iframe → window.parent, targetOrigin = the parent's exact origin: `parley:hello`.
 * 2. loader → iframe, targetOrigin = the chat origin, with a MessagePort: `parley:init`.
 * 3. Everything else goes over that private MessageChannel.
 */
export const PROTOCOL_VERSION = 1;

/** What the loader keeps in the host page's storage for this site, and hands back on init. */
export type StoredState = {
  token: string | null;
  conversation: string | null;
  /** The host's user id the token was signed in as (signed identity); null for an anonymous token. */
  user: string | null;
  /** Open chat, Close chat, the iframe's title: the launcher's words in the chat's language. */
  labels: [string, string, string];
};

export type HelloMessage = { v: 1; type: 'parley:hello' };
export type InitMessage = {
  v: 1;
  type: 'parley:init';
  open: boolean;
  state: { token: string | null; conversation: string | null; user: string | null };
};

/** Loader → iframe, over the channel. */
export type LoaderCommand =
  | { type: 'open'; open: boolean; focus: boolean }
  | { type: 'send'; text: string }
  | { type: 'identify'; user: HostIdentity }
  | { type: 'reset' };

/** Iframe → loader, over the channel. */
export type FrameMessage =
  | { v: 1; type: 'state'; state: StoredState }
  | { v: 1; type: 'message'; text: string; unread: number; label: string }
  | { v: 1; type: 'close' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_ID = /^[\s\S]{1,200}$/;
const HASH = /^[0-9a-f]{64}$/i;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

function matching(value: unknown, pattern: RegExp): string | null {
  return typeof value === 'string' && pattern.test(value) ? value : null;
}

/** A `parley:init` of this version, with whatever stored state is well-formed; else null. */
export function parseInit(data: unknown): InitMessage | null {
  const m = record(data);
  if (!m || m.v !== PROTOCOL_VERSION || m.type !== 'parley:init') return null;
  const state = record(m.state);
  return {
    v: 1,
    type: 'parley:init',
    open: m.open === true,
    state: {
      token: matching(state?.token, VISITOR_TOKEN),
      conversation: matching(state?.conversation, UUID),
      user: matching(state?.user, USER_ID),
    },
  };
}

function optionalText(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** Parley('identify', { userId, userHash, name?, email? }) as the loader relays it; else null. */
function parseIdentity(m: Record<string, unknown>): HostIdentity | null {
  const id = typeof m.userId === 'number' ? String(m.userId) : matching(m.userId, USER_ID);
  const hash = matching(m.userHash, HASH);
  if (!id || !hash) return null;
  return { id, hash, name: optionalText(m.name, 200), email: optionalText(m.email, 254) };
}

/** A loader command of this version; anything else is ignored. */
export function parseCommand(data: unknown): LoaderCommand | null {
  const m = record(data);
  if (!m || m.v !== PROTOCOL_VERSION) return null;
  if (m.type === 'open' && typeof m.open === 'boolean')
    return { type: 'open', open: m.open, focus: m.focus === true };
  if (m.type === 'send' && typeof m.text === 'string') return { type: 'send', text: m.text };
  if (m.type === 'reset') return { type: 'reset' };
  if (m.type === 'identify') {
    const user = parseIdentity(m);
    return user ? { type: 'identify', user } : null;
  }
  return null;
}

/**
 * The parent page's origin as far as the browser tells it: `location.ancestorOrigins` (Chromium,
 * Safari), else the origin of the frame's referrer, which is the page that created it (Firefox has
 * no ancestorOrigins; a host page's default Referrer-Policy still sends its origin). Undefined when
 * neither says: a host page with `Referrer-Policy: no-referrer` in Firefox.
 */
export function parentOrigin(ancestor: string | undefined, referrer: string): string | undefined {
  if (ancestor) return ancestor;
  try {
    const url = new URL(referrer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Where the hello may go: the parent's origin when the browser tells it, else each allowed one. */
export function helloTargets(allowed: readonly string[], ancestor: string | undefined): string[] {
  if (ancestor) return allowed.includes(ancestor) ? [ancestor] : [];
  return [...new Set(allowed)];
}
