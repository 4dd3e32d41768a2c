import { ApiClient } from './sse';

/** The visitor's `i`-th question in a seeded conversation: `message 001`, `message 002`, … */
export const question = (i: number) => `message ${String(i).padStart(3, '0')}`;

/**
 * A new visitor with one conversation of `pairs` questions and answers, sent through the real API
 * (the fake model answers `Echo: <question>`). Returns the visitor's token.
 */
export async function seedConversation(base: string, pairs: number): Promise<string> {
  const client = new ApiClient(base);
  const token = await client.visitor();
  let conversationId: string | undefined;
  for (let i = 1; i <= pairs; i++) {
    const sent = await client.chat(question(i), { conversationId });
    const end = sent.end;
    if (end?.type !== 'done' || end.status !== 'complete') {
      throw new Error(`seeding ${question(i)}: ${sent.status} ${sent.body.slice(0, 200)}`);
    }
    conversationId ??= sent.conversationId;
  }
  return token;
}
