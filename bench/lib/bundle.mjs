// The app's own TypeScript modules for a benchmark or a diagnostic in this process: the given
// export lines bundled with esbuild (packages stay in node_modules) and imported.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');

export async function importApp(name, exportLines) {
  const outfile = path.join(root, 'bench', '.cache', `${name}.bundle.mjs`);
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    stdin: { contents: exportLines.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '@': root },
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
