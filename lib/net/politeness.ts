import { setTimeout as sleep } from 'node:timers/promises';

type OriginState = { active: number; next: number; waiters: (() => void)[] };

/**
 * Paces requests per origin: at most `perOrigin` at once, and starts spaced by the delay each
 * caller asks for. `acquire` resolves when a request may start, with the function that ends it.
 */
export function originGate(perOrigin: number, signal?: AbortSignal) {
  const origins = new Map<string, OriginState>();
  return async function acquire(origin: string, delayMs: number): Promise<() => void> {
    const state = origins.get(origin) ?? { active: 0, next: 0, waiters: [] };
    origins.set(origin, state);
    while (state.active >= perOrigin) await new Promise<void>((resolve) => state.waiters.push(resolve));
    state.active++;
    const wait = state.next - Date.now();
    state.next = Math.max(Date.now(), state.next) + delayMs;
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => {});
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active--;
      state.waiters.shift()?.();
    };
  };
}
