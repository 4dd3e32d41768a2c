import { defineConfig } from 'drizzle-kit';

// drizzle-kit reads the same variables as the app: DATABASE_URL selects PostgreSQL,
// otherwise the embedded PGlite database under DATA_DIR (default ./.data).
const url = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR || './.data';

export default url
  ? defineConfig({
      dialect: 'postgresql',
      schema: './db/schema.ts',
      out: './db/migrations',
      dbCredentials: { url },
    })
  : defineConfig({
      dialect: 'postgresql',
      driver: 'pglite',
      schema: './db/schema.ts',
      out: './db/migrations',
      dbCredentials: { url: `${dataDir}/pglite` },
    });
