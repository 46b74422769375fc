/**
 * Files an agent sends from the composer: which ones the chosen channel takes, and the checks made before the
 * upload (the server makes them again). Pure functions (unit-tested).
 */
import type { AttachmentType, Channel, Message } from '../../api';

/**
 * The files the server accepts in a message (server/src/domain/files/message-files.ts), with the name people know
 * each one by (language-neutral, for the "allowed types" list).
 */
const SENDABLE: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
  'text/plain': 'TXT',
  'text/csv': 'CSV',
  'application/zip': 'ZIP',
  'application/msword': 'DOC',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.ms-excel': 'XLS',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
  'audio/mpeg': 'MP3',
  'audio/ogg': 'OGG',
  'audio/mp4': 'M4A',
  'audio/aac': 'AAC',
  'audio/amr': 'AMR',
  'video/mp4': 'MP4',
  'video/3gpp': '3GP',
};

/** The server's upload cap, whatever the channel (16 MB). */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
/** A file's caption is at most this long (the providers' limit). */
export const MAX_CAPTION_LENGTH = 1024;

export type ChannelFiles = Channel['capabilities']['files'];

/** What a file is sent as, by its MIME type (as the server decides). */
export function fileType(mimeType: string): AttachmentType {
  const mime = mimeType.toLowerCase();
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return 'document';
}

/** The MIME types the channel can send (the file input's `accept`); empty when it sends no files. */
export function sendableTypes(files: ChannelFiles): string[] {
  return Object.keys(SENDABLE).filter((mime) => files[fileType(mime)] !== undefined);
}

export type FileProblem = { problem: 'type'; allowed: string[] } | { problem: 'size'; maxBytes: number };

/** Why the channel cannot send this file (its type, or its size over the channel's limit for that type), or null. */
export function checkFile(file: Pick<File, 'type' | 'size'>, files: ChannelFiles): FileProblem | null {
  const mime = file.type.toLowerCase();
  const limit = SENDABLE[mime] ? files[fileType(mime)] : undefined;
  if (limit === undefined) return { problem: 'type', allowed: [...new Set(sendableTypes(files).map((m) => SENDABLE[m]!))] };
  const maxBytes = Math.min(limit, MAX_UPLOAD_BYTES);
  return file.size > maxBytes ? { problem: 'size', maxBytes } : null;
}

/** "820 bytes", "12 kB", "4.5 MB" in the UI language (binary multiples, as the limits are). */
export function formatBytes(bytes: number, locale: string): string {
  const [value, unit] = bytes < 1024 ? [bytes, 'byte'] : bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte'] : [bytes / (1024 * 1024), 'megabyte'];
  // The short form of a byte is "byte" in English: the long one reads better.
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: unit === 'megabyte' ? 1 : 0 }).format(value);
}

/**
 * The message a file send created, for the timeline until its realtime event (same id) brings the server's copy
 * with the download URL.
 */
export function sentFileMessage(
  sent: { contactId: string; channelId?: string; file: Pick<File, 'name' | 'type' | 'size'>; caption: string; createdAt: string },
  answer: { id: string; status: Message['status'] },
  userId: string | null,
): Message {
  const type = fileType(sent.file.type);
  return {
    id: answer.id,
    contactId: sent.contactId,
    conversationId: null,
    channelId: sent.channelId ?? null,
    direction: 'out',
    senderKind: 'user',
    senderUserId: userId,
    externalId: null,
    replyToId: null,
    text: sent.caption || null,
    content: { kind: type, attachments: [{ type, mimeType: sent.file.type, filename: sent.file.name, size: sent.file.size, url: null }] },
    status: answer.status,
    statusTimes: { [answer.status]: sent.createdAt },
    error: null,
    createdAt: sent.createdAt,
    deletedAt: null,
    deletedById: null,
  };
}
