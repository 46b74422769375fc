import { z } from 'zod';

/** Ids travel as strings; anything that is not one of ours is simply not found. */
export const idParam = z.string().regex(/^\d{1,15}$/, 'must be an id');
export const idParams = z.object({ id: idParam });
export const toId = (value: string) => Number(value);
export const idString = (value: number | null | undefined) => (value == null ? null : String(value));
