// `npm start`: build once when there is no production build yet, then serve it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (
  !existsSync(path.join(root, '.next', 'BUILD_ID')) ||
  !existsSync(path.join(root, 'build', 'extract-worker.mjs'))
) {
  process.stdout.write('No production build yet: building Parley (about a minute)...\n');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import('./server.mjs');
