import type { PublicApiToken, PublicOwner } from '@/db/queries/owners';
import type { ApiOwner, ApiToken } from '@/lib/contracts/admin';

/** Rows as the admin API shows them (lib/contracts/admin.ts). */
export function apiOwner(owner: PublicOwner): ApiOwner {
  return { id: owner.id, email: owner.email, createdAt: owner.createdAt.toISOString() };
}

export function apiToken(token: PublicApiToken): ApiToken {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
