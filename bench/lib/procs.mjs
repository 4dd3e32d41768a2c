// Child processes of the benchmark (servers, upstream) and what /proc says about them.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { freePort } from '../../e2e/support/net.mjs';

export { freePort };

const children = new Set();

/**
 * Starts a server and waits until `ready()` resolves true (polled) or its output matches
 * `readyLine`. Its output is kept (last 64 KB) for error messages.
 */
export async function startServer({
  name,
  command = process.execPath,
  args,
  env,
  cwd,
  ready,
  timeoutMs = 90_000,
}) {
  let output = '';
  let partial = '';
  const memoryReports = [];
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d) => {
    output = (output + d.toString()).slice(-65_536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', (d) => {
    keep(d);
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (line.startsWith('@@memory ')) memoryReports.push(JSON.parse(line.slice(9)));
    }
  });
  children.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal);
    }),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited during start-up (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    if (await ready(output).catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    pid: child.pid,
    child,
    logs: () => output,
    memoryReports,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Kills the children still running (the benchmark failed or was interrupted). */
export function killChildren() {
  for (const child of children) child.kill('SIGKILL');
}
// Whatever ends this process, no server is left behind.
process.on('exit', killChildren);

/** Resident set size of a process, in KiB (Linux /proc). */
export function rssKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Resident kB of a process's WebAssembly memories: V8 maps each 32-bit one as its pages (read and
 * write) directly followed by a guard region of several GB (no access), the only mappings that
 * large. In Parley on the embedded database that is PGlite's heap (128 MB at least), which grows
 * with what the database caches and never shrinks. Null when the process is gone.
 */
export function wasmRssKb(pid) {
  let smaps;
  try {
    smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  const maps = [];
  for (const line of smaps.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
    if (head) maps.push({ from: BigInt(`0x${head[1]}`), to: BigInt(`0x${head[2]}`), perms: head[3], rss: 0 });
    else if (line.startsWith('Rss:') && maps.length > 0)
      maps[maps.length - 1].rss = Number(/(\d+)/.exec(line)[1]);
  }
  let total = 0;
  for (let i = 1; i < maps.length; i++) {
    const [memory, guard] = [maps[i - 1], maps[i]];
    const isGuard = guard.perms.startsWith('---') && guard.to - guard.from >= 4n * 1024n ** 3n;
    if (isGuard && memory.to === guard.from && memory.perms.startsWith('rw')) total += memory.rss;
  }
  return total;
}

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // Linux's usual value.
}

function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may contain spaces: split after it.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU time (user + system) of a process, in milliseconds; with `reaped`, also its ended children's. */
export function cpuMs(pid, { reaped = false } = {}) {
  try {
    const f = statFields(pid);
    const ticks = Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
    return (ticks * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** A process and all its descendants that are alive (PostgreSQL's backends, any helper). */
function processTree(rootPid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), Number(statFields(entry)[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** CPU time of a process and all its descendants that are alive. */
export function treeCpuMs(rootPid) {
  let total = 0;
  for (const pid of processTree(rootPid)) total += cpuMs(pid, { reaped: pid === rootPid }) ?? 0;
  return total;
}

/** Resident memory of a process and all its descendants, in KiB. */
export function treeRssKb(rootPid) {
  let total = 0;
  for (const pid of processTree(rootPid)) total += rssKb(pid) ?? 0;
  return total;
}

/** Busy CPU time of the whole machine (all cores), in milliseconds. */
export function machineBusyMs() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

/**
 * Watches how much of the machine something other than the benchmark uses: machine busy time
 * minus the CPU time of this process and its process trees. Other work on a 2-core machine
 * (a test run, a build) makes every latency figure meaningless, so the report says so.
 */
export function foreignLoadMeter(ownPids) {
  const own = () => {
    const self = process.cpuUsage();
    let total = (self.user + self.system) / 1000;
    for (const pid of ownPids()) total += treeCpuMs(pid);
    return total;
  };
  let startBusy = machineBusyMs();
  let startOwn = own();
  let startAt = Date.now();
  return {
    /** Share of all cores used by other processes since the last call (0..1). */
    take() {
      const busy = machineBusyMs();
      const mine = own();
      const now = Date.now();
      const cores = os.availableParallelism?.() ?? os.cpus().length;
      const share =
        busy === null
          ? null
          : Math.max(0, (busy - startBusy - (mine - startOwn)) / ((now - startAt) * cores));
      startBusy = busy;
      startOwn = mine;
      startAt = now;
      return share === null ? null : Math.round(share * 1000) / 1000;
    },
  };
}

/**
 * Asks a server started with `--expose-gc --require bench/lib/memory-probe.cjs` to collect its
 * garbage and report process.memoryUsage(); adds its RSS right after.
 */
export async function probeMemory(server) {
  const count = server.memoryReports.length;
  process.kill(server.pid, 'SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (server.memoryReports.length > count) {
      return { ...server.memoryReports[count], rssAfterGc: (rssKb(server.pid) ?? 0) * 1024 };
    }
  }
  throw new Error(`${server.name} did not answer the memory probe`);
}
