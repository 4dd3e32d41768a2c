// Builds the loader (embed/loader.js) into public/embed.js, minified. The output is a build
// artefact and is not committed. `node scripts/build-embed.mjs` builds and prints the size.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const loaderSource = path.join(root, 'embed', 'loader.js');
export const loaderOutfile = path.join(root, 'public', 'embed.js');
/** gzip -9 bytes the loader may weigh (issue 4; embed/loader.test.ts enforces it). */
export const loaderBudget = 2048;

/** Builds the minified loader; returns its code and its size, raw and gzip -9. */
export async function buildLoader() {
  const result = await build({
    // Through stdin, so that the package's "type": "module" does not add a "use strict" prologue:
    // the loader is one self-contained function and needs no module semantics.
    stdin: { contents: await readFile(loaderSource, 'utf8'), sourcefile: 'embed/loader.js', loader: 'js' },
    write: false,
    minify: true,
    // Constructable stylesheets (Safari 16.4, Chrome 73, Firefox 101) already require ES2022.
    target: ['es2022'],
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  return { code, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { code, bytes, gzipBytes } = await buildLoader();
  await mkdir(path.dirname(loaderOutfile), { recursive: true });
  await writeFile(loaderOutfile, code);
  process.stdout.write(
    `public/embed.js: ${bytes} bytes, ${gzipBytes} bytes gzip -9 (budget ${loaderBudget})\n`,
  );
}
