export { type ChatRequest, chatRequest as chatRequestSchema } from '@/lib/contracts';
