// Builds the loader (embed/loader.js) into public/embed.js, minified. The output is a build
// artefact and is not committed.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await mkdir(path.join(root, 'public'), { recursive: true });
await build({
  entryPoints: [path.join(root, 'embed', 'loader.js')],
  outfile: path.join(root, 'public', 'embed.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019'],
  legalComments: 'none',
  logLevel: 'warning',
});
