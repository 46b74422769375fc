import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchStub, renderApp } from '../../test/render';
import { ChannelForm } from './ChannelForm';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const fill = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('ChannelForm', () => {
  it("shows a provider's refusal with its own words, and the server's field errors under their fields", async () => {
    const answers = [
      [422, { error: { code: 'validation_failed', message: 'Some fields are not valid.', details: [{ path: 'body.config.botToken', message: 'must be the token BotFather gave' }] } }],
      [422, { error: { code: 'channel_credentials_invalid', message: 'The provider refused these credentials.', details: { provider: { code: 'token_rejected', message: 'Unauthorized' } } } }],
    ] as const;
    const sent: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(
        fetchStub({
          'POST /api/v1/channels': (body) => {
            sent.push(body);
            return [...answers[sent.length - 1]!] as [number, unknown];
          },
        }),
      ),
    );
    await renderApp(<ChannelForm kind="telegram" onClose={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findAllByText('Fill in this field.')).toHaveLength(2);
    expect(sent).toHaveLength(0);

    fill('Name', 'Support bot');
    fill('Bot token', 'nope');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await screen.findByText('must be the token BotFather gave');
    expect(screen.getByLabelText('Bot token').getAttribute('aria-invalid')).toBe('true');
    expect(sent[0]).toEqual({ type: 'telegram', name: 'Support bot', config: { botToken: 'nope' } });

    fill('Bot token', '123456:AAH-wrong-token-but-well-formed');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('The provider refused these credentials.'));
    expect(screen.getByTestId('provider-message').textContent).toBe('The provider answered: “Unauthorized” (token_rejected)');
  });

  it('edits a disconnected channel: says why, prefills the config and PATCHes the whole of it', async () => {
    const patches: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(
        fetchStub({
          'PATCH /api/v1/channels/7': (body) => {
            patches.push(body);
            return [200, { id: '7', name: 'Bot', type: 'telegram', status: 'connected' }];
          },
        }),
      ),
    );
    const onClose = vi.fn();
    const channel = {
      id: '7',
      type: 'telegram',
      name: 'Bot',
      status: 'disconnected' as const,
      statusReason: 'token_rejected',
      statusChangedAt: null,
      lastWebhookAt: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      inboundUrl: 'https://x/webhooks/telegram/7',
      config: { botToken: '1:old', apiBaseUrl: 'https://api.telegram.org' },
      capabilities: { deleteForContact: { maxAgeMs: 172_800_000 }, replyWindowMs: null },
    };
    await renderApp(<ChannelForm kind="telegram" channel={channel} onClose={onClose} />);
    expect(screen.getByText('Disconnected — token refused')).toBeTruthy();
    expect((screen.getByLabelText('Bot token') as HTMLInputElement).value).toBe('1:old');
    expect((screen.getByLabelText('API base URL') as HTMLInputElement).value).toBe('');
    fill('Bot token', '1:new');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(patches).toEqual([{ name: 'Bot', config: { botToken: '1:new' } }]);
  });
});
