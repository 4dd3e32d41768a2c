// Rewrites the results section of docs/performance.md from a saved run (default: the latest
// full run, bench/results/latest.json), without running the benchmark again.
//
//   node bench/update-docs.mjs [bench/results/<file>.json]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { updateDocs } from './lib/docs.mjs';
import { markdownReport } from './lib/report.mjs';

const root = path.resolve(import.meta.dirname, '..');
const file = process.argv[2] ?? path.join(root, 'bench', 'results', 'latest.json');
const result = JSON.parse(readFileSync(file, 'utf8'));
if (!updateDocs(root, markdownReport(result, result.budgets))) {
  process.stderr.write('docs/performance.md has no <!-- bench:results:start/end --> section\n');
  process.exit(1);
}
process.stdout.write(`docs/performance.md: results of ${result.meta.date} (${result.meta.mode})\n`);
