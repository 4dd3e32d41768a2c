import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identityHash, newIdentitySecret, signedBy } from './signature';

describe('signed identity', () => {
  const secret = 'a-site-identity-secret-0123456789abcdef';

  it('is the HMAC-SHA256 of the user id in hex, as the docs compute it in Node.js', () => {
    const expected = createHmac('sha256', secret).update('42').digest('hex');
    expect(identityHash('42', secret)).toBe(expected);
    expect(identityHash('42', secret)).toMatch(/^[0-9a-f]{64}$/);
    // A user id in any script signs as its UTF-8 bytes.
    expect(identityHash('Łukasz-日本', secret)).toBe(
      createHmac('sha256', secret).update(Buffer.from('Łukasz-日本', 'utf8')).digest('hex'),
    );
  });

  it('verifies with any live secret, in either case of hex, and nothing else', () => {
    const old = 'the-previous-secret-0123456789abcdefghij';
    const hash = identityHash('42', old);
    expect(signedBy('42', hash, [secret, old])).toBe(true);
    expect(signedBy('42', hash.toUpperCase(), [secret, old])).toBe(true);
    expect(signedBy('42', hash, [secret])).toBe(false);
    expect(signedBy('43', hash, [secret, old])).toBe(false);
    expect(signedBy('42', hash.slice(0, 63), [old])).toBe(false);
    expect(signedBy('42', `${hash.slice(0, 63)}g`, [old])).toBe(false);
    expect(signedBy('42', hash, [])).toBe(false);
    // Not the all-zero buffer that stands in for a malformed hash.
    expect(signedBy('42', '0'.repeat(64), [old])).toBe(false);
  });

  it('makes secrets that are long, random and recognisable', () => {
    const a = newIdentitySecret();
    const b = newIdentitySecret();
    expect(a).toMatch(/^pid_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
