import i18next from 'i18next';
import { describe, expect, test } from 'vitest';
import en from '../../i18n/en.json';
import ptBR from '../../i18n/pt-BR.json';
import { messagePreview } from './messagePreview';

const i18n = i18next.createInstance();
await i18n.init({ lng: 'pt-BR', resources: { en: { translation: en }, 'pt-BR': { translation: ptBR } }, interpolation: { escapeValue: false }, showSupportNotice: false } as never);
const t = i18n.getFixedT('pt-BR');
const message = { id: '1', direction: 'in' as const, senderKind: 'contact', channelId: '1', status: 'received', createdAt: '2026-01-01T00:00:00Z', deleted: false };

describe('the list row preview of the last message', () => {
  test('text wins; a file without caption is named by its kind; other kinds say (anexo); a deleted one says so', () => {
    expect(messagePreview(t, { ...message, text: 'Olá', kind: 'image' })).toBe('Olá');
    expect(messagePreview(t, { ...message, text: null, kind: 'image' })).toBe('📷 Foto');
    expect(messagePreview(t, { ...message, text: null, kind: 'document' })).toBe('📄 Documento');
    expect(messagePreview(t, { ...message, text: null, kind: 'order' })).toBe('(anexo)');
    expect(messagePreview(t, { ...message, text: null, kind: 'image', deleted: true })).toBe(ptBR.console.deleted);
  });
});
