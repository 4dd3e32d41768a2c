import ipaddr from 'ipaddr.js';

// Cloud metadata services hand out credentials: refused even when an allowed network covers them.
const METADATA = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'];

const labels: Record<string, string> = {
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  linkLocal: 'a link-local',
  loopback: 'a loopback',
  carrierGradeNat: 'a carrier-grade NAT',
  private: 'a private',
  uniqueLocal: 'a unique-local (private)',
  reserved: 'a reserved',
};

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/** Parses an address, turning IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it stands for. */
export function parseAddress(value: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (!ipaddr.isValid(bare)) return null;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

function inNetworks(address: ipaddr.IPv4 | ipaddr.IPv6, networks: string[]): boolean {
  return networks.some((cidr) => {
    const [network, bits] = ipaddr.parseCIDR(cidr);
    const range =
      network.kind() === 'ipv6' && (network as ipaddr.IPv6).isIPv4MappedAddress()
        ? ([(network as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)] as const)
        : ([network, bits] as const);
    return range[0].kind() === address.kind() && address.match(range[0], range[1]);
  });
}

/**
 * Whether Parley may connect to an address: public unicast addresses, and others only inside one
 * of the allowed networks (CIDRs). Anything ipaddr.js does not call unicast (private, loopback,
 * link-local, NAT64, 6to4, Teredo, documentation ranges) is refused, as those can reach inside.
 */
export function checkAddress(value: string, allowedNetworks: string[]): AddressVerdict {
  const address = parseAddress(value);
  if (!address) return { allowed: false, reason: 'not an IP address' };
  const normal = address.toNormalizedString();
  if (METADATA.some((m) => parseAddress(m)?.toNormalizedString() === normal)) {
    return { allowed: false, reason: 'the cloud metadata address' };
  }
  const range = address.range();
  if (range === 'unicast') return { allowed: true };
  if (inNetworks(address, allowedNetworks)) return { allowed: true };
  return { allowed: false, reason: `${labels[range] ?? `a special-purpose (${range})`} address` };
}
