import { z } from 'zod';

export const chatRequestSchema = z.object({
  conversationId: z.uuid('must be a UUID').optional(),
  messageId: z.uuid('must be a UUID chosen by the client'),
  content: z
    .string('must be a string')
    .transform((value) => value.trim())
    .refine((value) => value.length > 0, 'must not be empty'),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or pt-BR')
    .optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
