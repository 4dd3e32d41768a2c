/** Why a file or page yielded no text. Codes are stable; messages are for the site owner. */
export type ExtractErrorCode = 'unsupported_file' | 'no_text';

// A brand rather than the class itself: the caller runs extraction in a worker and in bundles.
const BRAND = Symbol.for('parley.extract-error');

export class ExtractError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  readonly [BRAND] = true;
  readonly code: ExtractErrorCode;

  constructor(code: ExtractErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'ExtractError';
    this.code = code;
  }
}
