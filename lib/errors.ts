import { ConversationBusyError, isDatabaseUnavailable } from '@/db/errors';

export { isDatabaseUnavailable, isUniqueViolation } from '@/db/errors';

/** Every refusal and failure Parley reports, with its HTTP status. Codes are part of the API. */
export const errorCodes = {
  invalid_json: 400,
  invalid_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  identity_required: 401,
  invalid_identity: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  site_not_found: 404,
  request_timeout: 408,
  busy: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  upstream_error: 502,
  upstream_interrupted: 502,
  interrupted: 503,
  upstream_not_configured: 503,
  database_unavailable: 503,
  shutting_down: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

const defaultMessages: Record<ErrorCode, string> = {
  invalid_json: 'The request body is not valid JSON.',
  invalid_request: 'The request is not valid.',
  unauthorized: 'A valid visitor token is required.',
  invalid_credentials: 'The email or the password is wrong.',
  identity_required: 'This site lets only signed-in visitors chat: the host page must identify the visitor.',
  invalid_identity: "The visitor identity is not signed with this site's identity secret.",
  forbidden: 'This request is not allowed.',
  origin_not_allowed: 'This site does not allow requests from this origin.',
  not_found: 'Not found.',
  site_not_found: 'This site does not exist, or it has been deleted: its chat is no longer available.',
  request_timeout: 'The request body took too long to arrive.',
  busy: 'An answer is still being written in this conversation.',
  conflict: 'This conflicts with what exists already.',
  payload_too_large: 'The request is too large.',
  unsupported_media_type: 'Send the request as application/json.',
  rate_limited: 'Too many messages. Please wait a moment.',
  internal: 'Something went wrong on our side.',
  upstream_error: 'The assistant could not answer. Please try again.',
  upstream_interrupted: 'The answer was interrupted. Please try again.',
  interrupted: 'The answer was interrupted by a server restart.',
  upstream_not_configured:
    'The assistant is not configured: set OPENAI_API_KEY or OPENAI_BASE_URL on the server.',
  database_unavailable: 'The database is unavailable. Please try again shortly.',
  shutting_down: 'The server is restarting. Please try again shortly.',
};

// Next.js bundles the server start-up (instrumentation) and each route apart, so one process can
// hold two copies of this class: `instanceof` checks a brand shared by every copy instead.
const BRAND = Symbol.for('parley.error');

export class ParleyError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { cause?: unknown; details?: unknown; headers?: Record<string, string> },
  ) {
    super(message ?? defaultMessages[code], { cause: options?.cause });
    this.name = 'ParleyError';
    this.code = code;
    this.status = errorCodes[code];
    this.details = options?.details;
    this.headers = options?.headers;
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function messageFor(code: ErrorCode): string {
  return defaultMessages[code];
}

/** A database refusal that the API answers with its own code, or null when it has none. */
export function fromDatabase(error: unknown): ParleyError | null {
  if (error instanceof ConversationBusyError) return new ParleyError('busy', undefined, { cause: error });
  if (isDatabaseUnavailable(error))
    return new ParleyError('database_unavailable', undefined, { cause: error });
  return null;
}
