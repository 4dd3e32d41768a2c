// Whether the production build matches the tree: shared by scripts/ensure-build.mjs and the benchmark.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildIdFile = path.join(root, '.next', 'BUILD_ID');
const sources = [
  'app',
  'components',
  'lib',
  'db',
  'embed',
  'messages',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.mjs',
];

function newest(target) {
  const full = path.join(root, target);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(full)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

/** The production build's id and time, and whether a source file is newer than it. */
export function productionBuild() {
  // The worker threads' bundle (scripts/build-workers.mjs) is part of the build.
  const workers = path.join(root, 'build', 'extract-worker.mjs');
  if (!existsSync(buildIdFile) || !existsSync(workers)) return { buildId: null, builtAt: null, stale: true };
  const builtAt = statSync(buildIdFile).mtimeMs;
  return {
    buildId: readFileSync(buildIdFile, 'utf8').trim(),
    builtAt,
    stale: Math.max(...sources.map(newest)) > builtAt,
  };
}
