import { z } from 'zod';

/**
 * Where a page of the contacts list ended: the last row's (created_at, id). created_at travels as microseconds
 * since the epoch, PostgreSQL's own precision: a millisecond Date would skip rows created within the same
 * millisecond as the last one.
 */
export const contactCursor = z.object({ atMicros: z.string().regex(/^\d{1,18}$/), id: z.number().int().positive() });
export type ContactCursor = z.infer<typeof contactCursor>;
