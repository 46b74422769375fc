import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fill, renderApp, stubApi } from '../../test/render';
import { ChannelForm } from './ChannelForm';
import type { ChannelKind } from './channelKinds';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Connects `kind` with `fields` typed in (label → value); the server answers with this channel and its secret. */
async function connect(kind: ChannelKind, fields: Record<string, string>, created: Record<string, unknown> = {}) {
  const inboundUrl = `https://inbox.example.com/webhooks/${kind}/12`;
  const api = stubApi({ 'POST /api/v1/channels': () => [201, { id: '12', type: kind, name: 'Ventas', status: 'connected', inboundUrl, secret: 'cvh_the-secret', ...created }] });
  await renderApp(<ChannelForm kind={kind} onClose={() => undefined} />);
  fill('Name', 'Ventas');
  for (const [label, value] of Object.entries(fields)) fill(label, value);
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  await screen.findByRole('button', { name: 'I have copied them' });
  return api.sentTo('POST /api/v1/channels');
}

const webhookUrl = () => (screen.getByLabelText('Webhook URL') as HTMLInputElement).value;

describe('after connecting a channel (CH-1)', () => {
  const twilio = { 'Account SID': 'AC0123456789abcdef0123456789abcdef', 'Auth token': 'tok', 'Phone number': '+14155238886' };
  const cases: [ChannelKind, Record<string, string>, RegExp][] = [
    ['twilio_sms', twilio, /Phone Numbers → Active numbers → your number → Messaging configuration, set “A message comes in” to Webhook, paste this URL and choose HTTP POST/],
    ['twilio_whatsapp', twilio, /Messaging → Senders → WhatsApp senders → your sender, set the webhook URL for incoming messages to this URL with HTTP POST/],
    [
      'vonage_sms',
      { 'API key': 'abcd1234', 'API secret': 's3cret', Sender: '14155550100', 'Signature secret': 'sig-secret' },
      /as the Inbound SMS webhook .* and as the Delivery receipts webhook.*Signed webhooks must be on, with the signature secret/,
    ],
    ['messagebird_sms', { 'Access key': 'live_x', Sender: 'Loja', 'Signing key': 'k' }, /forwards incoming SMS to a URL .*paste this URL and choose GET/],
  ];
  for (const [kind, fields, step] of cases) {
    it(`${kind}: says where to paste the webhook URL at the provider, and shows no channel secret`, async () => {
      await connect(kind, fields);
      expect(screen.getByText('Last step: send this number’s messages to Conversa')).toBeTruthy();
      expect(screen.getByText(step)).toBeTruthy();
      expect(webhookUrl()).toBe(`https://inbox.example.com/webhooks/${kind}/12`);
      expect(screen.getByText(/must be reachable from the internet as shown \(the server’s PUBLIC_URL\)/)).toBeTruthy();
      expect(screen.queryByLabelText('Secret')).toBeNull();
      expect(screen.queryByDisplayValue('cvh_the-secret')).toBeNull();
      expect(screen.queryByText(/X-Conversa-Signature/)).toBeNull();
    });
  }

  it('the API channel shows its webhook URL and the secret that signs X-Conversa-Signature, once', async () => {
    const sent = await connect('api', { 'Outbound URL': 'https://crm.example.com/conversa' });
    expect(sent).toEqual([{ type: 'api', name: 'Ventas', config: { outboundUrl: 'https://crm.example.com/conversa' } }]);
    expect(screen.getByText('Copy the secret now: you will not see it again here')).toBeTruthy();
    expect(webhookUrl()).toBe('https://inbox.example.com/webhooks/api/12');
    expect((screen.getByLabelText('Secret') as HTMLInputElement).value).toBe('cvh_the-secret');
    expect(screen.getByText('HMAC-SHA256 key for X-Conversa-Signature, both ways.')).toBeTruthy();
  });

  it('web chat shows the embed code and the secret that signs visitor identities, not a webhook URL', async () => {
    await connect('webchat', {}, { publicKey: 'pk_live_123' });
    expect((screen.getByLabelText('Embed code') as HTMLInputElement).value).toContain('data-key="pk_live_123"');
    expect((screen.getByLabelText('Secret') as HTMLInputElement).value).toBe('cvh_the-secret');
    expect(screen.getByText(/your server signs their id with this secret/)).toBeTruthy();
    expect(screen.queryByLabelText('Webhook URL')).toBeNull();
  });
});
