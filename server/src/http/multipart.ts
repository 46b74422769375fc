import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from './errors.js';

/** The one file of a multipart message request; `accept` has already vetted its type. */
export type UploadedFile<Type> = { filename: string; mimeType: string; type: Type; bytes: Buffer };

/**
 * The fields and the at most one file of a `multipart/form-data` request (the route's scope registers
 * @fastify/multipart). `accept` maps the file's MIME type to what it is, or throws before any byte is read;
 * `jsonFields` are sent as JSON text. A file over `maxFileBytes` is 413 `file_too_large`, a second file 422.
 */
export async function readMultipart<Type>(
  request: FastifyRequest,
  options: { maxFileBytes: number; accept: (mimeType: string) => Type; jsonFields?: string[] },
): Promise<{ fields: Record<string, unknown>; file?: UploadedFile<Type> }> {
  const fields: Record<string, unknown> = {};
  let file: UploadedFile<Type> | undefined;
  try {
    for await (const part of request.parts({ limits: { files: 1, fileSize: options.maxFileBytes, fields: 10, fieldSize: 20_000 } })) {
      if (part.type === 'file') {
        const type = options.accept(part.mimetype);
        file = { filename: part.filename.slice(0, 255) || 'file', mimeType: part.mimetype, type, bytes: await part.toBuffer() };
      } else {
        fields[part.fieldname] = options.jsonFields?.includes(part.fieldname) ? parseJson(part.value) : part.value;
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('file_too_large', { maxBytes: options.maxFileBytes }, 413);
    if (code === 'FST_FILES_LIMIT') throw new AppError('validation_failed', [{ path: 'body.file', message: 'one file per message' }]);
    throw err;
  }
  return { fields, file };
}

/** Form fields checked by the route's schema by hand (a multipart body skips Fastify's validation): 422 as it would. */
export function validFields<Schema extends z.ZodType>(schema: Schema, fields: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(fields ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError(
    'validation_failed',
    parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
  );
}

/** A JSON field's value, or the raw text for the schema to refuse. */
function parseJson(value: unknown) {
  try {
    return JSON.parse(String(value));
  } catch {
    return value;
  }
}
