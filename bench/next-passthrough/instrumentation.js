// Present so that Turbopack does not pick up the instrumentation.ts of the Parley app above.
export function register() {}
