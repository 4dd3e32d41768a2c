// Typed access to the fake OpenAI-compatible upstream (e2e/fake-upstream.mjs).
import { startFakeUpstream as start } from '../fake-upstream.mjs';

export type FakeUpstream = Awaited<ReturnType<typeof start>>;
export const startFakeUpstream: typeof start = start;
