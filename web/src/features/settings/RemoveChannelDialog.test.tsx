import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf } from '../../test/fixtures';
import { fill, renderApp, stubApi, stubModalDialogs } from '../../test/render';
import { RemoveChannelDialog } from './RemoveChannelDialog';

const channel = channelOf('whatsapp_cloud', '7', { name: 'WhatsApp tienda' });

/** The removal endpoints of channel 7; `deleteAnswers` answer its DELETEs in turn (then 204). */
function stubRemovalApi(deleteAnswers: [number, unknown?][]) {
  return stubApi({
    'GET /api/v1/channels/7/removal': () => [200, { openConversations: 3, confirmationPhrase: 'WhatsApp tienda' }],
    'POST /api/v1/channels/7/removal-code': () => [202, { sentTo: 'o***@acme.test', expiresAt: '2026-03-01T10:10:00.000Z' }],
    'DELETE /api/v1/channels/7': () => deleteAnswers.shift() ?? [204],
    'GET /api/v1/channels': () => [200, { items: [] }],
  });
}

beforeEach(stubModalDialogs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('RemoveChannelDialog (CH-5)', () => {
  it('CH-5: warns with the open conversations; the code is asked for once the name is typed; a wrong code says how many tries are left', async () => {
    const api = stubRemovalApi([[422, { error: { code: 'removal_code_invalid', message: 'The code is wrong or has expired.', details: { attemptsLeft: 4 } } }], [204]]);
    const onClose = vi.fn();
    await renderApp(<RemoveChannelDialog channel={channel} onClose={onClose} />);
    expect(await screen.findByText('3 open conversations are on this channel.')).toBeTruthy();
    const sendCode = screen.getByRole('button', { name: 'Email me a code' });
    const remove = screen.getByRole('button', { name: 'Remove channel' });
    expect(sendCode.hasAttribute('disabled')).toBe(true);
    expect(remove.hasAttribute('disabled')).toBe(true);

    fill('Type WhatsApp tienda to confirm', 'WhatsApp tienda');
    fireEvent.click(sendCode);
    expect(await screen.findByText(/We sent a code to o\*\*\*@acme\.test/)).toBeTruthy();
    fill('Code from the email', '123456');
    fireEvent.click(remove);
    expect(await screen.findByText('That code is not right. 4 tries left.')).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.click(remove);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(api.sentTo('DELETE /api/v1/channels/7')).toEqual([
      { confirmation: 'WhatsApp tienda', code: '123456' },
      { confirmation: 'WhatsApp tienda', code: '123456' },
    ]);
  });
});
