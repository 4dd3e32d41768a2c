/** The events of the chat stream, one JSON object per SSE `data:` line (docs/api.md). */
export type StartEvent = {
  type: 'start';
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
};
export type DeltaEvent = { type: 'delta'; text: string };
export type DoneEvent = { type: 'done'; status: 'complete' | 'stopped'; model: string | null };
export type ErrorEvent = { type: 'error'; code: string; message: string };
export type ChatEvent = StartEvent | DeltaEvent | DoneEvent | ErrorEvent;
export type EndEvent = DoneEvent | ErrorEvent;
