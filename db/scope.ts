import { and, eq, type SQL } from 'drizzle-orm';
import { conversations } from './schema';

/** A visitor's data: what one visitor of one site may read and write. */
export type VisitorScope = { readonly siteId: string; readonly visitorId: string };
/** An owner's view of one site (the console, the admin API). */
export type SiteScope = { readonly siteId: string };
export type Scope = VisitorScope | SiteScope;

/** The `where` condition that keeps a query on `conversations` inside a scope. */
export function inScope(scope: Scope): SQL {
  const site = eq(conversations.siteId, scope.siteId);
  return 'visitorId' in scope ? (and(site, eq(conversations.visitorId, scope.visitorId)) as SQL) : site;
}
