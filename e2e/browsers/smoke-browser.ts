import { type ChildProcess, spawn } from 'node:child_process';

/**
 * What the smoke test needs from a browser, whatever drives it. Scripts are function bodies
 * (`return …`), run in the host page or in the chat's iframe.
 */
export type SmokeBrowser = {
  readonly name: string;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  host<T>(body: string): Promise<T>;
  chat<T>(body: string): Promise<T>;
  /** Clicks the launcher, the button in the loader's shadow root, as a pointer would. */
  clickLauncher(): Promise<void>;
  /** Types `text` and presses Enter, with keys, wherever the focus is: as a visitor does. */
  typeAndEnter(text: string): Promise<void>;
  /**
   * What the browser logged as errors in any frame, CSP violations included (Firefox reports them
   * there from the first byte); null where the driver has no access to the log (WebDriver classic).
   */
  errors(): string[] | null;
  /** Ends the browser and every process started for it; safe to call twice. */
  close(): Promise<void>;
};

/** Polls `probe` until `done` holds, or fails with what it last saw. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last saw: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Fails with `message` unless `promise` settles within `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

type Group = { child: ChildProcess; exited: Promise<void> };

// Every group still running, so that a test that fails half-way leaks no process.
const running = new Set<Group>();
process.once('exit', () => {
  for (const group of running) if (group.child.pid) signalGroup(group.child.pid, 'SIGKILL');
});

/** Ends every group spawnGroup started that is still running. */
export async function endAllGroups(): Promise<void> {
  await Promise.all([...running].map((group) => endGroup(group)));
}

/** A child process in its own process group, so that it can be ended with everything it started. */
export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, fd3 = false) {
  let output = '';
  const stdio = fd3 ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'];
  const child = spawn(command, args, { env, detached: true, stdio: stdio as ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d) => {
    output += d.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      output += `${error.message}\n`;
      resolve();
    });
  });
  const group = { child, exited, output: () => output.slice(-4000) };
  running.add(group);
  return group;
}

/** SIGTERM to the whole group, SIGKILL after a grace period. */
export async function endGroup(group: Group, graceMs = 3000): Promise<void> {
  running.delete(group);
  const { pid } = group.child;
  if (!pid || group.child.exitCode !== null || group.child.signalCode !== null) {
    // The leader is gone; its group may still hold children.
    if (pid) signalGroup(pid, 'SIGKILL');
    return;
  }
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  await group.exited;
  clearTimeout(timer);
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // No such group: everything in it has ended.
  }
}
