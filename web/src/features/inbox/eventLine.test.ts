import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../api';
import en from '../../i18n/en.json';
import es from '../../i18n/es.json';
import ptBR from '../../i18n/pt-BR.json';
import { eventLine, type Names } from './eventLine';

const i18n = i18next.createInstance();
await i18n.init({ lng: 'en', resources: { en: { translation: en }, es: { translation: es }, 'pt-BR': { translation: ptBR } }, interpolation: { escapeValue: false }, showSupportNotice: false } as never);
const names: Names = { user: (id) => ({ '1': 'Camila', '2': 'Rafael' })[id], team: (id) => ({ '5': 'Ventas' })[id], dateTime: () => '22/11 9:00' };
const ev = (type: string, actor: TimelineEvent['actor'], data: Record<string, unknown> = {}): TimelineEvent => ({
  id: '1',
  contactId: '1',
  conversationId: '1',
  type,
  actor,
  data,
  createdAt: '2026-01-01T00:00:00Z',
});
const line = (lng: string, e: TimelineEvent) => eventLine(i18n.getFixedT(lng), e, names);
const camila = { kind: 'user', id: '1' } as const;

describe('timeline event lines', () => {
  it('renders each type in English with the actor', () => {
    expect(line('en', ev('opened', camila)).text).toBe('Camila opened the conversation');
    expect(line('en', ev('opened', { kind: 'contact', id: '9' })).text).toBe('The contact opened a conversation');
    expect(line('en', ev('assigned', camila, { assigneeId: '2', teamId: null })).text).toBe('Camila assigned the conversation to Rafael');
    expect(line('en', ev('assigned', camila, { assigneeId: '1', teamId: null })).text).toBe('Camila took the conversation');
    expect(line('en', ev('assigned', { kind: 'api', id: null }, { assigneeId: null, teamId: '5' })).text).toBe('The API assigned the conversation to the team Ventas');
    expect(line('en', ev('unassigned', camila)).text).toBe('Camila unassigned the conversation');
    expect(line('en', ev('snoozed', camila, { until: '2026-11-22T12:00:00Z' })).text).toBe('Camila snoozed the conversation until 22/11 9:00');
    expect(line('en', ev('unsnoozed', { kind: 'system', id: null }, { reason: 'timer' })).text).toBe('The snooze ended: the conversation is open again');
    expect(line('en', ev('no_reply_needed', camila)).text).toBe('Camila marked the conversation as not needing a reply');
  });

  it('shows a web chat page change with its URL, and the page title as detail', () => {
    const visitor = { kind: 'contact' as const, id: '9' };
    expect(line('en', ev('page_change', visitor, { url: 'https://shop.example.com/pricing', title: 'Pricing' }))).toEqual({
      text: 'The visitor opened https://shop.example.com/pricing',
      detail: 'Pricing',
    });
    expect(line('es', ev('page_change', visitor, { url: 'https://tienda.mx/' })).text).toBe('El visitante abrió https://tienda.mx/');
  });

  it('shows the closing note: category in the line, summary as detail', () => {
    const closed = line('en', ev('closed', camila, { categoryName: 'Venta', summary: 'Pagó con Pix' }));
    expect(closed).toEqual({ text: 'Camila closed the conversation: Venta', detail: 'Pagó con Pix' });
    expect(line('en', ev('closed', camila, { categoryName: null, summary: null }))).toEqual({ text: 'Camila closed the conversation', detail: undefined });
  });

  it('CT-3/CT-4 names the channel started with the contact, and the one removed from them', () => {
    const data = { channelId: '7', channelType: 'whatsapp_cloud', channelName: 'WhatsApp Ventas' };
    expect(line('en', ev('contact_channel_added', camila, { ...data, externalId: '5511987654321' })).text).toBe('Camila started WhatsApp Ventas with the contact (5511987654321)');
    expect(line('es', ev('contact_channel_removed', camila, { ...data, externalIds: ['5511987654321'] })).text).toBe('Camila quitó WhatsApp Ventas del contacto');
    expect(line('pt-BR', ev('contact_channel_removed', camila, { ...data, externalIds: ['5511987654321'] })).text).toBe('Camila removeu WhatsApp Ventas do contato');
  });

  it('says whether a deleted message was removed for the contact', () => {
    expect(line('en', ev('message_deleted', camila, { forContact: 'unsupported' })).detail).toBe('The channel cannot remove it: the contact still sees it.');
    expect(line('en', ev('message_deleted', camila, { forContact: 'requested' })).detail).toBe('It was also removed for the contact.');
  });

  it('renders in Spanish and Portuguese', () => {
    expect(line('es', ev('assigned', camila, { assigneeId: '2', teamId: null })).text).toBe('Camila asignó la conversación a Rafael');
    expect(line('pt-BR', ev('assigned', camila, { assigneeId: '2', teamId: null })).text).toBe('Camila atribuiu a conversa a Rafael');
    expect(line('es', ev('closed', { kind: 'user', id: '99' }, {})).text).toBe('Un usuario anterior cerró la conversación');
    expect(line('pt-BR', ev('opened', { kind: 'contact', id: '9' })).text).toBe('O contato abriu uma conversa');
  });

  it('falls back for an event type it does not know', () => {
    expect(line('en', ev('bot_on', camila)).text).toBe('Camila: bot_on');
  });
});
