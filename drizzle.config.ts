import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads the same variables as the app: DATABASE_URL selects PostgreSQL,
// otherwise the embedded PGlite database under DATA_DIR (default ./.data).
const url = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR || './.data';

/**
 * The URL with `client_min_messages=warning` added to its startup options. drizzle-kit gives its
 * driver no notice handler, so PostgreSQL's NOTICEs (a second run's "schema already exists,
 * skipping") would be printed as raw objects; the server does not send them at all this way.
 */
export function quietUrl(value: string): string {
  const parsed = new URL(value);
  const options = parsed.searchParams.get('options');
  if (!/client_min_messages/.test(options ?? '')) {
    parsed.searchParams.set('options', [options, '-c client_min_messages=warning'].filter(Boolean).join(' '));
  }
  return parsed.toString();
}

export default url
  ? defineConfig({
      dialect: 'postgresql',
      schema: './db/schema.ts',
      out: './db/migrations',
      dbCredentials: { url: quietUrl(url) },
    })
  : defineConfig({
      dialect: 'postgresql',
      driver: 'pglite',
      schema: './db/schema.ts',
      out: './db/migrations',
      dbCredentials: { url: `${dataDir}/pglite` },
    });
