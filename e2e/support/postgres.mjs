// Starts a throwaway PostgreSQL server for tests: initdb into a temp folder, listening on
// loopback only, run as the `postgres` user because PostgreSQL refuses to run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './net.mjs';

function asPostgres(command, args) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** @returns {Promise<{ url: string, port: number, stop: () => void, createDatabase: (name: string) => Promise<string> }>} */
export async function startPostgres() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  asPostgres('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  asPostgres('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    'start',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const createDatabase = async (name) => {
    asPostgres('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      '-c',
      `create database "${name}"`,
    ]);
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  };
  return { url, port, stop, createDatabase, dir, data };
}

/** Stops and starts the server in place, for tests of a database that goes away. */
export function pgCtl(data, action, port, dir) {
  const args = ['-D', data, '-w', '-m', 'fast'];
  // A log file keeps the server off our stdout pipe, which spawnSync would otherwise wait on.
  if (action === 'start') {
    args.push(
      '-l',
      path.join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    );
  }
  args.push(action);
  asPostgres('pg_ctl', args);
}
