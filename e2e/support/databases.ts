import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '@/db/client';

export type DatabaseKind = 'pglite' | 'postgres';
export const databaseKinds: DatabaseKind[] = ['pglite', 'postgres'];

/** A fresh, migrated database of either kind, with a cleanup. */
export async function freshDatabase(
  kind: DatabaseKind,
): Promise<{ database: Database; url?: string; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-pglite-'));
    const database = await openPglite(dir);
    await database.migrate();
    return {
      database,
      cleanup: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = await createPostgresDatabase();
  const database = await openPostgres(url);
  await database.migrate();
  return { database, url, cleanup: () => database.close() };
}

/** A new empty database on the test PostgreSQL server. */
export async function createPostgresDatabase(): Promise<string> {
  const admin = inject('postgresUrl');
  const name = `t_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}
