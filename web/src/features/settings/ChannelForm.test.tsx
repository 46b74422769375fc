import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { channelOf } from '../../test/fixtures';
import { fill, renderApp, stubApi } from '../../test/render';
import { ChannelForm } from './ChannelForm';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ChannelForm', () => {
  it("shows a provider's refusal with its own words, and the server's field errors under their fields", async () => {
    const answers: [number, unknown][] = [
      [422, { error: { code: 'validation_failed', message: 'Some fields are not valid.', details: [{ path: 'body.config.botToken', message: 'must be the token BotFather gave' }] } }],
      [422, { error: { code: 'channel_credentials_invalid', message: 'The provider refused these credentials.', details: { provider: { code: 'token_rejected', message: 'Unauthorized' } } } }],
    ];
    const api = stubApi({ 'POST /api/v1/channels': () => answers.shift()! });
    const sent = () => api.sentTo('POST /api/v1/channels');
    await renderApp(<ChannelForm kind="telegram" onClose={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findAllByText('Fill in this field.')).toHaveLength(2);
    expect(sent()).toHaveLength(0);

    fill('Name', 'Support bot');
    fill('Bot token', 'nope');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await screen.findByText('must be the token BotFather gave');
    expect(screen.getByLabelText('Bot token').getAttribute('aria-invalid')).toBe('true');
    expect(sent()[0]).toEqual({ type: 'telegram', name: 'Support bot', config: { botToken: 'nope' } });

    fill('Bot token', '123456:AAH-wrong-token-but-well-formed');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('The provider refused these credentials.'));
    expect(screen.getByTestId('provider-message').textContent).toBe('The provider answered: “Unauthorized” (token_rejected)');
  });

  it('edits a disconnected channel: says why, prefills the config and PATCHes the whole of it', async () => {
    const api = stubApi({ 'PATCH /api/v1/channels/7': () => [200, { id: '7', name: 'Bot', type: 'telegram', status: 'connected' }] });
    const onClose = vi.fn();
    const channel = channelOf('telegram', '7', {
      name: 'Bot',
      status: 'disconnected',
      statusReason: 'token_rejected',
      config: { botToken: '1:old', apiBaseUrl: 'https://api.telegram.org' },
      capabilities: { deleteForContact: { maxAgeMs: 172_800_000 } },
    });
    await renderApp(<ChannelForm kind="telegram" channel={channel} onClose={onClose} />);
    expect(screen.getByText('Disconnected — token refused')).toBeTruthy();
    expect((screen.getByLabelText('Bot token') as HTMLInputElement).value).toBe('1:old');
    expect((screen.getByLabelText('API base URL') as HTMLInputElement).value).toBe('');
    fill('Bot token', '1:new');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(api.sentTo('PATCH /api/v1/channels/7')).toEqual([{ name: 'Bot', config: { botToken: '1:new' } }]);
  });

  it('connects a Messenger Page, then shows the callback URL and verify token to paste at Meta (never the secret)', async () => {
    const api = stubApi({
      'POST /api/v1/channels': () => [201, { id: '9', type: 'messenger', name: 'Tienda', status: 'connected', inboundUrl: 'https://x/webhooks/messenger/9', secret: 'cvh_never-shown' }],
    });
    await renderApp(<ChannelForm kind="messenger" onClose={() => undefined} />);
    fill('Name', 'Tienda');
    fill('Facebook Page ID', '1234567890');
    fill('Page access token', 'EAAP-token');
    fill('App secret', 'app-secret');
    fill('Verify token', 'vibecoding');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText(/Messenger → Messenger API Settings/)).toBeTruthy();
    expect(api.sentTo('POST /api/v1/channels')).toEqual([{ type: 'messenger', name: 'Tienda', config: { pageId: '1234567890', pageAccessToken: 'EAAP-token', appSecret: 'app-secret', verifyToken: 'vibecoding' } }]);
    expect((screen.getByLabelText('Callback URL') as HTMLInputElement).value).toBe('https://x/webhooks/messenger/9');
    expect((screen.getByLabelText('Verify token') as HTMLInputElement).value).toBe('vibecoding');
    expect(screen.queryByDisplayValue('cvh_never-shown')).toBeNull();
  });
});
