// Writes a run's tables into docs/performance.md, between its two result markers.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Returns false when docs/performance.md has no results section. */
export function updateDocs(root, markdown) {
  const file = path.join(root, 'docs', 'performance.md');
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a === -1 || b === -1) return false;
  writeFileSync(file, `${text.slice(0, a + START.length)}\n${markdown}\n${text.slice(b)}`);
  return true;
}
