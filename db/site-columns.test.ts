import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '@/db/client';
import { createPostgresDatabase } from '@/e2e/support/databases';

/** The migrations folder as it was up to (not including) the migration tagged `tag`. */
function migrationsBefore(tag: string): { folder: string; cleanup: () => void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'parley-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  if (at < 0) throw new Error(`no migration ${tag}`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

describe('migration 0004: upgrading a database made before sites were set in the console', () => {
  let client: postgres.Sql;
  beforeAll(async () => {
    client = postgres(await createPostgresDatabase(), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => client?.end());

  it("moves another site's origins, locale and prompt into its settings; the default site keeps the environment's", async () => {
    const db = drizzle(client);
    const before = migrationsBefore('0004_drop_site_columns');
    try {
      await migrate(db, { migrationsFolder: before.folder });
    } finally {
      before.cleanup();
    }
    // What docs/embed.md used to say: a second site inserted by SQL.
    await client`insert into sites (id, name, allowed_origins, default_locale) values
      ('default', 'Default', '{https://env.example}', 'en'),
      ('shop', 'Shop', '{https://shop.example.com}', 'fr')`;
    await client`insert into sites (id, name, default_locale, system_prompt, settings) values
      ('blog', 'Blog', 'en', 'You answer questions about the blog.', '{"defaultLocale":"de"}')`;

    await migrate(db, { migrationsFolder });

    const rows = await client<{ id: string; settings: Record<string, unknown> }[]>`
      select id, settings from sites order by id`;
    expect(Object.fromEntries(rows.map((row) => [row.id, row.settings]))).toEqual({
      default: {},
      shop: { allowedOrigins: ['https://shop.example.com'], defaultLocale: 'fr' },
      // A setting already made in the console wins over the old column.
      blog: { defaultLocale: 'de', systemPrompt: 'You answer questions about the blog.' },
    });
    const columns = await client<{ column_name: string }[]>`
      select column_name from information_schema.columns where table_name = 'sites' order by column_name`;
    expect(columns.map((c) => c.column_name)).toEqual(['created_at', 'id', 'name', 'settings', 'updated_at']);
  });
});
