import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '@/e2e/support/databases';

const root = path.resolve(import.meta.dirname, '..');

/** Runs `npx drizzle-kit migrate` as an operator would, with only the given variables. */
function drizzleKitMigrate(env: Record<string, string>) {
  const result = spawnSync('npx', ['drizzle-kit', 'migrate'], {
    cwd: root,
    env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** A run that has nothing to do says so, without PostgreSQL's NOTICEs dumped as objects. */
function expectNoNotices(result: { stdout: string; stderr: string }) {
  const output = `${result.stdout}\n${result.stderr}`;
  expect(output).toContain('migrations applied successfully');
  expect(output).not.toMatch(/NOTICE|severity_local|already exists, skipping/);
}

const indexQuery = `select indexname, indexdef from pg_indexes where tablename = 'chat_messages'`;
const columnQuery = `select column_name, is_nullable from information_schema.columns where table_name = 'chat_messages'`;

function expectChatMessagesShape(
  columns: Array<{ column_name: string; is_nullable: string }>,
  indexes: Array<{ indexname: string; indexdef: string }>,
) {
  const nullable = Object.fromEntries(columns.map((c) => [c.column_name, c.is_nullable]));
  expect(nullable.conversation_id).toBe('NO');
  expect(nullable.thread_id).toBe('YES');
  const defs = indexes.map((i) => i.indexdef);
  expect(defs.some((d) => /\(conversation_id, created_at, id\)/.test(d))).toBe(true);
  expect(defs.some((d) => /\(thread_id\)/.test(d))).toBe(true);
}

// Each case starts drizzle-kit (and PGlite) in a process of its own: slow on a busy machine.
describe('npx drizzle-kit migrate', { timeout: 120_000 }, () => {
  it('creates chat_messages with its indexes on an empty PostgreSQL database, and a second run is a quiet no-op', async () => {
    const url = await createPostgresDatabase();
    drizzleKitMigrate({ DATABASE_URL: url });
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      expectChatMessagesShape(await sql.unsafe(columnQuery), await sql.unsafe(indexQuery));
      const [{ n }] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const second = drizzleKitMigrate({ DATABASE_URL: url });
      expectNoNotices(second);
      const [{ n: again }] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(again).toBe(n);
    } finally {
      await sql.end();
    }
  });

  it('migrates the embedded database in DATA_DIR, and a second run is quiet', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-kit-'));
    try {
      drizzleKitMigrate({ DATA_DIR: dataDir });
      expectNoNotices(drizzleKitMigrate({ DATA_DIR: dataDir }));
      const db = new PGlite(path.join(dataDir, 'pglite'));
      try {
        const columns = (await db.query<{ column_name: string; is_nullable: string }>(columnQuery)).rows;
        const indexes = (await db.query<{ indexname: string; indexdef: string }>(indexQuery)).rows;
        expectChatMessagesShape(columns, indexes);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('migration 0007 (conversations.search)', { timeout: 120_000 }, () => {
  it('fills the words of the conversations stored before it, and keeps them from then on', async () => {
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const { cpSync, readFileSync, writeFileSync } = await import('node:fs');
    // The migrations as they were before 0007: the same folder with the journal cut there.
    const before = mkdtempSync(path.join(os.tmpdir(), 'parley-0006-'));
    cpSync(path.join(root, 'db', 'migrations'), before, { recursive: true });
    const journalFile = path.join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0007');
    writeFileSync(journalFile, JSON.stringify(journal));

    const url = await createPostgresDatabase();
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrate(drizzle(sql), { migrationsFolder: before });
      await sql`insert into sites (id, name) values ('default', 'Default')`;
      const [{ id: visitor }] =
        await sql`insert into visitors (site_id, token_hash) values ('default', 'h') returning id`;
      const conversation = crypto.randomUUID();
      await sql`insert into conversations (id, site_id, visitor_id) values (${conversation}, 'default', ${visitor})`;
      await sql`insert into chat_messages (id, conversation_id, role, content, status) values
        (${crypto.randomUUID()}, ${conversation}, 'user', 'Where is my parcel?', 'complete'),
        (${crypto.randomUUID()}, ${conversation}, 'assistant', 'It left Lyon today.', 'complete'),
        (${crypto.randomUUID()}, ${conversation}, 'assistant', 'half an answ', 'streaming')`;

      await migrate(drizzle(sql), { migrationsFolder: path.join(root, 'db', 'migrations') });
      const words = async () =>
        (await sql`select search::text as s from conversations where id = ${conversation}`)[0].s as string;
      expect(await words()).toBe("'is' 'it' 'left' 'lyon' 'my' 'parcel' 'today' 'where'");
      // From now on a finished answer adds its words; a streaming one has none yet.
      await sql`update chat_messages set content = 'half an answer', status = 'complete' where status = 'streaming'`;
      expect(await words()).toContain("'answer'");
      await sql`insert into chat_messages (id, conversation_id, role, content, status) values
        (${crypto.randomUUID()}, ${conversation}, 'user', 'Merci 返品', 'complete')`;
      expect(await words()).toMatch(/'merci'.*'品'.*'返'/);
    } finally {
      await sql.end();
      rmSync(before, { recursive: true, force: true });
    }
  });
});
