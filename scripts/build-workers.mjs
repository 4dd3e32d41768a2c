// Bundles the server's worker threads (TypeScript) into build/, where the running server starts
// them from: Next.js bundles route code, not the files a worker thread loads. Packages stay in
// node_modules. Run by `npm run build`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: { 'extract-worker': path.join(root, 'lib', 'knowledge', 'extract-worker.ts') },
  outdir: path.join(root, 'build'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  alias: { '@': root },
  logLevel: 'warning',
});
