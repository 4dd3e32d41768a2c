import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildLoader, loaderBudget } from '../scripts/build-embed.mjs';

describe('the loader build', () => {
  it(`stays within ${loaderBudget} bytes gzip -9`, async () => {
    const { code, bytes, gzipBytes } = await buildLoader();
    // The gzip command itself, when it is installed: the number the issue's budget is stated in.
    let cli: number | undefined;
    try {
      cli = execFileSync('gzip', ['-9', '-c'], { input: code }).length;
    } catch {
      cli = undefined;
    }
    console.log(
      `embed.js: ${bytes} bytes, ${gzipBytes} bytes zlib level 9${cli ? `, ${cli} bytes gzip -9` : ''} (budget ${loaderBudget})`,
    );
    expect(gzipBytes).toBeLessThanOrEqual(loaderBudget);
    if (cli) expect(cli).toBeLessThanOrEqual(loaderBudget);
  });

  it('is one self-contained expression that defines no global but Parley', async () => {
    const source = Buffer.from((await buildLoader()).code).toString();
    expect(source.startsWith('((')).toBe(true);
    expect(source).not.toMatch(/^(var|let|const|function)\b/m);
    expect(source).not.toContain('use strict');
    // Data only ever goes to the exact chat origin: no '*' target anywhere.
    expect(source).not.toMatch(/postMessage\([^)]*["']\*["']/);
    // No host handler is assigned: the on* properties it sets are its own element's keydown, its
    // button's click, pointer and focus, and its port's message (e2e/widget-api.spec.ts checks
    // that the page's handlers stay its own).
    expect(source.match(/\.on[a-z]+=/g)?.sort()).toEqual([
      '.onclick=',
      '.onfocus=',
      '.onkeydown=',
      '.onmessage=',
      '.onpointerenter=',
    ]);
  });
});
