/** The title a web source gets until its page is read: its host and path. */
export function defaultUrlTitle(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}
