/**
 * What the database layer reports, by driver code, never by message text. `lib/errors.ts` maps
 * these to the API's coded errors; `db/` itself knows nothing of HTTP.
 */

const BUSY = Symbol.for('parley.conversation-busy');

/** A second answer was about to start in a conversation that already has one streaming. */
export class ConversationBusyError extends Error {
  // Recognised across the copies of this module that Next.js's separate bundles hold.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BUSY in value;
  }

  readonly [BUSY] = true;

  constructor(options?: { cause?: unknown }) {
    super('An answer is already streaming in this conversation.', options);
    this.name = 'ConversationBusyError';
  }
}

// Connection-level failures of postgres.js, Node's sockets and PostgreSQL's own
// "cannot connect / shutting down" SQLSTATE classes (08, 57P).
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
]);

/** The error and its causes (Drizzle wraps the driver's error in `cause`). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    if (current instanceof AggregateError) chain.push(...current.errors);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some((item) => {
    const code = (item as { code?: unknown })?.code;
    return typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'));
  });
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return causes(error).some((item) => {
    const e = item as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (e?.code !== '23505') return false;
    return !constraint || e.constraint_name === constraint || e.constraint === constraint;
  });
}
