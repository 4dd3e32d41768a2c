import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Signed visitor identity (docs/embed.md): the host site's server computes
 * HMAC-SHA256(userId, secret) as lower-case hex and hands it to the loader with the user id. Only
 * a server that knows the site's secret can say "this visitor is user 42".
 */

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** The signature a host's server computes for a user id (what the docs' examples print). */
export function identityHash(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/**
 * Whether `hash` signs `userId` with one of `secrets`. Every secret is tried, whatever matched
 * before, and each comparison takes the same time wherever the bytes differ: the answer's timing
 * tells neither how much of a guess was right nor which secret signed it.
 */
export function signedBy(userId: string, hash: string, secrets: readonly string[]): boolean {
  const given = HEX_SHA256.test(hash) ? Buffer.from(hash, 'hex') : Buffer.alloc(32);
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(userId, 'utf8').digest();
    if (timingSafeEqual(expected, given)) matched = true;
  }
  return matched && HEX_SHA256.test(hash);
}

/** A new identity secret: 256 random bits, with a prefix that says what it is when it leaks. */
export function newIdentitySecret(): string {
  return `pid_${randomBytes(32).toString('base64url')}`;
}
