import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf } from '../../test/fixtures';
import { renderApp, stubApi, stubModalDialogs } from '../../test/render';
import { CHANNEL_KINDS, hasUserSecret } from './channelKinds';
import { ChannelsSettings } from './ChannelsSettings';

beforeEach(stubModalDialogs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rowOf = (name: string) => screen.getByText(name).closest('tr')!;

describe('channels list: secrets and provider webhooks (CH-1)', () => {
  it('only the API channel and web chat have a secret the admin uses', () => {
    expect(CHANNEL_KINDS.filter(hasUserSecret)).toEqual(['webchat', 'api']);
  });

  it('the list offers "Reveal secret" on the API and web chat rows only; each shows what its secret is for', async () => {
    const channels = CHANNEL_KINDS.map((kind, i) => channelOf(kind, String(i + 1), kind === 'webchat' ? { publicKey: 'pk_1' } : {}));
    const api = channels.find((c) => c.type === 'api')!;
    const webchat = channels.find((c) => c.type === 'webchat')!;
    stubApi({
      'GET /api/v1/channels': () => [200, { items: channels }],
      [`GET /api/v1/channels/${api.id}/secret`]: () => [200, { secret: 'cvh_api-secret' }],
      [`GET /api/v1/channels/${webchat.id}/secret`]: () => [200, { secret: 'cvh_webchat-secret' }],
    });
    await renderApp(<ChannelsSettings />);
    await screen.findByText('Channel api');
    for (const channel of channels) {
      const reveal = within(rowOf(channel.name)).queryByRole('button', { name: 'Reveal secret' });
      expect(!!reveal, channel.type).toBe(channel.type === 'api' || channel.type === 'webchat');
    }

    fireEvent.click(within(rowOf('Channel api')).getByRole('button', { name: 'Reveal secret' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Reveal the secret of Channel api?' })).getByRole('button', { name: 'Reveal secret' }));
    const apiSecret = await screen.findByRole('dialog', { name: 'Secret of Channel api' });
    expect((within(apiSecret).getByLabelText('Secret') as HTMLInputElement).value).toBe('cvh_api-secret');
    expect((within(apiSecret).getByLabelText('Webhook URL') as HTMLInputElement).value).toBe(api.inboundUrl);
    expect(within(apiSecret).getByText(/X-Conversa-Signature/)).toBeTruthy();
    fireEvent.click(within(apiSecret).getByRole('button', { name: 'Done' }));

    fireEvent.click(within(rowOf('Channel webchat')).getByRole('button', { name: 'Reveal secret' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Reveal the secret of Channel webchat?' })).getByRole('button', { name: 'Reveal secret' }));
    const webchatSecret = await screen.findByRole('dialog', { name: 'Secret of Channel webchat' });
    expect((within(webchatSecret).getByLabelText('Secret') as HTMLInputElement).value).toBe('cvh_webchat-secret');
    expect(within(webchatSecret).getByText(/your server signs their id with this secret/)).toBeTruthy();
    expect(within(webchatSecret).queryByLabelText('Webhook URL')).toBeNull();
  });

  it('an SMS channel shows again where its webhook URL goes at the provider, without any secret', async () => {
    const vonage = channelOf('vonage_sms', '4');
    stubApi({ 'GET /api/v1/channels': () => [200, { items: [vonage, channelOf('api', '5')] }] });
    await renderApp(<ChannelsSettings />);
    await screen.findByText('Channel vonage_sms');
    expect(within(rowOf('Channel api')).queryByRole('button', { name: 'Webhook URL' })).toBeNull();
    fireEvent.click(within(rowOf('Channel vonage_sms')).getByRole('button', { name: 'Webhook URL' }));
    const dialog = await screen.findByRole('dialog', { name: 'Webhook URL of Channel vonage_sms' });
    expect(within(dialog).getByText(/as the Inbound SMS webhook/)).toBeTruthy();
    expect((within(dialog).getByLabelText('Webhook URL') as HTMLInputElement).value).toBe(vonage.inboundUrl);
    expect(within(dialog).queryByLabelText('Secret')).toBeNull();
  });
});
