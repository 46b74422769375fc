import type { Attachment } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { UploadedFile } from '../../http/multipart.js';

/**
 * The files a message may carry, whoever sends them (a visitor, an agent): what browsers show or open safely, by
 * type. SVG and HTML are never accepted: opened from our origin they could run script.
 */
const fileTypes: Record<string, Attachment['type']> = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'application/pdf': 'document',
  'text/plain': 'document',
  'text/csv': 'document',
  'application/zip': 'document',
  'application/msword': 'document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.ms-excel': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'document',
  'audio/mpeg': 'audio',
  'audio/ogg': 'audio',
  'audio/mp4': 'audio',
  'audio/aac': 'audio',
  'audio/amr': 'audio',
  'video/mp4': 'video',
  'video/3gpp': 'video',
};

/** Agents' files are no larger than this (channels may allow less: `capabilities.files`). */
export const MAX_SENT_FILE_BYTES = 16 * 1_048_576;

/** How a file is shown, by its type; 415 `file_type_not_allowed` for anything else. */
export function attachmentType(mimeType: string): Attachment['type'] {
  const type = fileTypes[mimeType.toLowerCase()];
  if (!type) throw new AppError('file_type_not_allowed', { allowed: Object.keys(fileTypes) }, 415);
  return type;
}

/** A file received with a message, checked by `attachmentType`, not stored yet. */
export type NewFile = UploadedFile<Attachment['type']>;

/** The attachment list of a message carrying `file`, once its bytes are stored under `stored`. */
export function storedAttachment(file: NewFile, stored: { key: string; size: number }): Attachment {
  return { type: file.type, mimeType: file.mimeType, filename: file.filename, file: { ...stored, mimeType: file.mimeType } };
}
