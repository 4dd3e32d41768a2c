// One line that shows the benchmark working: rewritten in place on a terminal, printed every
// few seconds otherwise (CI logs).
const tty = Boolean(process.stderr.isTTY);
const started = Date.now();
let last = 0;
let lastText = '';

function elapsed() {
  const s = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function progress(text, { force = false } = {}) {
  const line = `[bench ${elapsed()}] ${text}`;
  if (tty) {
    const width = process.stderr.columns || 120;
    process.stderr.write(`\r${line.slice(0, width - 1).padEnd(Math.min(width - 1, lastText.length))}`);
    lastText = line;
    return;
  }
  const now = Date.now();
  if (force || now - last >= 5000) {
    last = now;
    process.stderr.write(`${line}\n`);
  }
}

/** A line that stays (a phase finished, a warning). */
export function note(text) {
  if (tty && lastText) process.stderr.write(`\r${' '.repeat(Math.min(lastText.length, 200))}\r`);
  lastText = '';
  process.stderr.write(`[bench ${elapsed()}] ${text}\n`);
}
