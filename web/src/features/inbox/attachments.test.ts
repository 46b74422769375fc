import { describe, expect, it } from 'vitest';
import { checkFile, fileType, formatBytes, MAX_UPLOAD_BYTES, sendableTypes, sentFileMessage } from './attachments';

const MB = 1024 * 1024;
const whatsapp = { image: 5 * MB, audio: 16 * MB, video: 16 * MB, document: 100 * MB };

describe('files an agent sends (IN-11)', () => {
  it('are typed by their MIME type as the server does', () => {
    expect(['image/png', 'audio/ogg', 'video/mp4', 'application/pdf', 'text/csv'].map(fileType)).toEqual(['image', 'audio', 'video', 'document', 'document']);
  });

  it("a channel sends only the server's types of the kinds it supports; none without files", () => {
    expect(sendableTypes({})).toEqual([]);
    expect(sendableTypes({ image: MB })).toEqual(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
    expect(sendableTypes(whatsapp)).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sendableTypes(whatsapp)).not.toContain('image/svg+xml');
  });

  it("are checked against the channel's limit for their type, and never above the upload cap", () => {
    expect(checkFile({ type: 'image/png', size: 5 * MB }, whatsapp)).toBeNull();
    expect(checkFile({ type: 'image/png', size: 5 * MB + 1 }, whatsapp)).toEqual({ problem: 'size', maxBytes: 5 * MB });
    expect(checkFile({ type: 'application/pdf', size: 20 * MB }, whatsapp)).toEqual({ problem: 'size', maxBytes: MAX_UPLOAD_BYTES });
    expect(checkFile({ type: 'text/html', size: 10 }, whatsapp)).toMatchObject({ problem: 'type' });
    expect(checkFile({ type: '', size: 10 }, whatsapp)).toMatchObject({ problem: 'type' });
    expect(checkFile({ type: 'video/mp4', size: 10 }, { image: MB, document: MB })).toEqual({ problem: 'type', allowed: ['PNG', 'JPEG', 'GIF', 'WebP', 'PDF', 'TXT', 'CSV', 'ZIP', 'DOC', 'DOCX', 'XLS', 'XLSX', 'PPTX'] });
  });

  it('sizes read in the UI language', () => {
    expect(formatBytes(820, 'en')).toBe('820 bytes');
    expect(formatBytes(1, 'pt-BR')).toBe('1 byte');
    expect(formatBytes(12 * 1024, 'en')).toBe('12 kB');
    expect(formatBytes(4.5 * MB, 'en')).toBe('4.5 MB');
    expect(formatBytes(4.5 * MB, 'es')).toBe('4,5 MB');
  });

  it("the sent file's message carries the file as an attachment (no URL until the server's copy arrives) and the caption as text", () => {
    const file = { name: 'foto.png', type: 'image/png', size: 2048 };
    const message = sentFileMessage({ contactId: '41', file, caption: '', createdAt: '2026-03-01T10:00:00.000Z' }, { id: '900', status: 'pending' }, '1');
    expect(message).toMatchObject({ id: '900', direction: 'out', senderUserId: '1', text: null, status: 'pending', statusTimes: { pending: '2026-03-01T10:00:00.000Z' } });
    expect(message.content).toEqual({ kind: 'image', attachments: [{ type: 'image', mimeType: 'image/png', filename: 'foto.png', size: 2048, url: null }] });
  });
});
