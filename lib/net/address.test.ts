import { describe, expect, it } from 'vitest';
import { checkAddress } from './address';

describe('checkAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
  ])('refuses %s (%s)', (address, reason) => {
    const verdict = checkAddress(address, []);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed ? '' : verdict.reason).toContain(reason);
  });

  it.each(['93.184.216.34', '2606:4700::1111', '::ffff:93.184.216.34'])(
    'allows the public address %s',
    (a) => {
      expect(checkAddress(a, [])).toEqual({ allowed: true });
    },
  );

  it('allows a private address inside an allowed network, and only inside it', () => {
    expect(checkAddress('10.1.2.3', ['10.0.0.0/8'])).toEqual({ allowed: true });
    expect(checkAddress('::ffff:10.1.2.3', ['10.0.0.0/8'])).toEqual({ allowed: true });
    expect(checkAddress('10.1.2.3', ['::ffff:10.0.0.0/104'])).toEqual({ allowed: true });
    expect(checkAddress('192.168.0.1', ['10.0.0.0/8']).allowed).toBe(false);
    expect(checkAddress('fd12::1', ['fd12::/16'])).toEqual({ allowed: true });
    expect(checkAddress('127.0.0.1', ['fd12::/16']).allowed).toBe(false);
  });

  it('refuses the cloud metadata addresses even inside an allowed network', () => {
    for (const address of ['169.254.169.254', '::ffff:169.254.169.254', 'fd00:ec2::254']) {
      const verdict = checkAddress(address, ['0.0.0.0/0', '::/0', '169.254.0.0/16']);
      expect(verdict).toEqual({ allowed: false, reason: 'the cloud metadata address' });
    }
  });
});
