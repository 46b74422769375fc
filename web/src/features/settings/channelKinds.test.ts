import { describe, expect, it } from 'vitest';
import { fromConfig, isMetaKind, toConfig } from './channelKinds';

describe('channel config forms', () => {
  it('sends every required field trimmed and leaves an empty optional base URL to the server default', () => {
    const values = { phoneNumberId: ' 106540352242922 ', wabaId: '102290129340398', accessToken: 'EAAG', appSecret: 's', verifyToken: 'v', apiBaseUrl: '  ' };
    expect(toConfig('whatsapp_cloud', values)).toEqual({ phoneNumberId: '106540352242922', wabaId: '102290129340398', accessToken: 'EAAG', appSecret: 's', verifyToken: 'v' });
    expect(toConfig('telegram', { botToken: '123:abc', apiBaseUrl: 'http://127.0.0.1:9000' })).toEqual({ botToken: '123:abc', apiBaseUrl: 'http://127.0.0.1:9000' });
    expect(toConfig('webchat', { allowedDomains: 'shop.example.com, *.example.com  other.example' })).toEqual({ allowedDomains: ['shop.example.com', '*.example.com', 'other.example'] });
    expect(toConfig('webchat', { allowedDomains: '' })).toEqual({ allowedDomains: [] });
  });

  it('keeps the settings the form does not show when editing (PATCH replaces the whole config), and drops a cleared base URL', () => {
    const current = { botToken: '1:old', apiBaseUrl: 'http://127.0.0.1:9000' };
    expect(toConfig('telegram', { botToken: '1:new', apiBaseUrl: '' }, current)).toEqual({ botToken: '1:new' });
    const wa = { phoneNumberId: '1', wabaId: '2', accessToken: 'a', appSecret: 'b', verifyToken: 'c', apiBaseUrl: 'https://graph.facebook.com', apiVersion: 'v24.0', messagesPerSecond: 20 };
    const { apiBaseUrl: _default, ...kept } = wa;
    // The provider's own URL shows empty and is left out: the server puts its default back.
    expect(toConfig('whatsapp_cloud', { ...fromConfig('whatsapp_cloud', wa), accessToken: 'new' }, wa)).toEqual({ ...kept, accessToken: 'new' });
  });

  it('Twilio: the sender may be a number, a Messaging Service or both; an empty one is left out for the server to judge', () => {
    const account = { accountSid: ' AC0123456789abcdef0123456789abcdef ', authToken: 'tok' };
    expect(toConfig('twilio_sms', { ...account, phoneNumber: '', messagingServiceSid: 'MG0123456789abcdef0123456789abcdef', apiBaseUrl: '' })).toEqual({
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: 'tok',
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
    });
    const stored = { accountSid: 'AC1', authToken: 't', phoneNumber: '+14155238886', apiBaseUrl: 'https://api.twilio.com', contentApiBaseUrl: 'http://127.0.0.1:9000' };
    expect(fromConfig('twilio_whatsapp', stored)).toEqual({ accountSid: 'AC1', authToken: 't', phoneNumber: '+14155238886', messagingServiceSid: '', apiBaseUrl: '' });
    expect(toConfig('twilio_whatsapp', { ...fromConfig('twilio_whatsapp', stored), phoneNumber: '' }, stored)).toEqual({
      accountSid: 'AC1',
      authToken: 't',
      contentApiBaseUrl: 'http://127.0.0.1:9000',
    });
  });

  it('Vonage and MessageBird SMS: an empty signature method and API address are left for the server defaults', () => {
    const typed = { apiKey: ' abcd1234 ', apiSecret: 's3cret', from: '+14155550100', signatureSecret: 'sig', signatureMethod: '', apiBaseUrl: '' };
    expect(toConfig('vonage_sms', typed)).toEqual({ apiKey: 'abcd1234', apiSecret: 's3cret', from: '+14155550100', signatureSecret: 'sig' });
    const stored = { apiKey: 'abcd1234', apiSecret: 's', from: '14155550100', signatureSecret: 'sig', signatureMethod: 'sha256', apiBaseUrl: 'https://rest.nexmo.com' };
    expect(fromConfig('vonage_sms', stored)).toEqual({ ...stored, apiBaseUrl: '' });
    const bird = { accessKey: 'live_x', originator: 'Loja', signingKey: 'k', apiBaseUrl: 'https://rest.messagebird.com' };
    expect(fromConfig('messagebird_sms', bird)).toEqual({ ...bird, apiBaseUrl: '' });
    expect(toConfig('messagebird_sms', fromConfig('messagebird_sms', bird), bird)).toEqual({ accessKey: 'live_x', originator: 'Loja', signingKey: 'k' });
  });

  it('Messenger and Instagram: the optional Page id is left out when empty; either Graph host shows empty; HUMAN_AGENT is kept', () => {
    const page = { pageId: ' 1234567890 ', pageAccessToken: 'EAAP', appSecret: 's', verifyToken: 'v', apiBaseUrl: '' };
    expect(toConfig('messenger', page)).toEqual({ pageId: '1234567890', pageAccessToken: 'EAAP', appSecret: 's', verifyToken: 'v' });
    const ig = { instagramAccountId: '17841400000000000', instagramAccessToken: 'IGAA', pageId: '', appSecret: 's', verifyToken: 'v', apiBaseUrl: '' };
    expect(toConfig('instagram', ig)).toEqual({ instagramAccountId: '17841400000000000', instagramAccessToken: 'IGAA', appSecret: 's', verifyToken: 'v' });
    const stored = { instagramAccountId: '1', instagramAccessToken: 't', appSecret: 's', verifyToken: 'v', apiBaseUrl: 'https://graph.instagram.com', apiVersion: 'v25.0', humanAgentTag: true };
    expect(fromConfig('instagram', stored).apiBaseUrl).toBe('');
    expect(fromConfig('instagram', { ...stored, pageId: '2', apiBaseUrl: 'https://graph.facebook.com' }).apiBaseUrl).toBe('');
    // The host left empty goes back to the server, which picks it by login (a Page id now: Facebook's).
    const { apiBaseUrl: _host, ...kept } = stored;
    expect(toConfig('instagram', { ...fromConfig('instagram', stored), pageId: '2' }, stored)).toEqual({ ...kept, pageId: '2' });
    expect(isMetaKind('messenger') && isMetaKind('instagram') && !isMetaKind('telegram')).toBe(true);
  });

  it('fills the edit form from the config: the provider default URL shows empty, lists as text', () => {
    expect(fromConfig('telegram', { botToken: '1:x', apiBaseUrl: 'https://api.telegram.org' })).toEqual({ botToken: '1:x', apiBaseUrl: '' });
    expect(fromConfig('telegram', { botToken: '1:x', apiBaseUrl: 'http://127.0.0.1:9000' })).toEqual({ botToken: '1:x', apiBaseUrl: 'http://127.0.0.1:9000' });
    expect(fromConfig('webchat', { allowedDomains: ['a.example', 'b.example'], greeting: 'Hi' })).toEqual({ allowedDomains: 'a.example, b.example' });
    expect(fromConfig('api', undefined)).toEqual({ outboundUrl: '' });
  });
});
