import { z } from 'zod';

export const createVisitorSchema = z
  .object({
    siteId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'must be a site id')
      .optional(),
  })
  .strict();
