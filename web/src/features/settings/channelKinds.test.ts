import { describe, expect, it } from 'vitest';
import { fromConfig, toConfig } from './channelKinds';

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

  it('fills the edit form from the config: the provider default URL shows empty, lists as text', () => {
    expect(fromConfig('telegram', { botToken: '1:x', apiBaseUrl: 'https://api.telegram.org' })).toEqual({ botToken: '1:x', apiBaseUrl: '' });
    expect(fromConfig('telegram', { botToken: '1:x', apiBaseUrl: 'http://127.0.0.1:9000' })).toEqual({ botToken: '1:x', apiBaseUrl: 'http://127.0.0.1:9000' });
    expect(fromConfig('webchat', { allowedDomains: ['a.example', 'b.example'], greeting: 'Hi' })).toEqual({ allowedDomains: 'a.example, b.example' });
    expect(fromConfig('api', undefined)).toEqual({ outboundUrl: '' });
  });
});
