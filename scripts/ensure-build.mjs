// Builds the production app when there is none, or when a source file is newer than it, so the
// end-to-end tests always run against what the tree contains.
import { spawnSync } from 'node:child_process';
import { productionBuild, root } from './build-state.mjs';

if (productionBuild().stale) {
  process.stdout.write('Building the production app for the end-to-end tests...\n');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
