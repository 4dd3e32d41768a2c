/** Why an outbound request was refused or failed. Codes are stable; messages are for the site owner. */
export type OutboundErrorCode =
  | 'invalid_url'
  | 'blocked_scheme'
  | 'blocked_address'
  | 'dns_failed'
  | 'network_error'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'http_status'
  | 'robots_disallowed'
  | 'no_sitemap';

// A brand rather than the class itself, so that `instanceof` holds across bundled copies of this module.
const BRAND = Symbol.for('parley.outbound-error');

export class OutboundError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  readonly [BRAND] = true;
  readonly code: OutboundErrorCode;
  /** The HTTP status of the final answer, for code 'http_status'. */
  readonly status?: number;

  constructor(code: OutboundErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, { cause: options?.cause });
    this.name = 'OutboundError';
    this.code = code;
    this.status = options?.status;
  }
}
