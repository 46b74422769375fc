import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Template } from '../../api';
import { renderApp, stubApi } from '../../test/render';
import { TemplatePicker } from './TemplatePicker';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const SID = 'HXb5b62575e6e4ff6129ad7c8efe1f983e';

/** A Twilio content as GET /channels/{id}/templates returns it: named by its SID, Twilio's definition kept beside. */
const twilioContent: Template = {
  name: SID,
  language: 'es',
  status: 'APPROVED',
  category: 'UTILITY',
  components: [
    { type: 'BODY', text: 'Tu pedido {{1}} salió hoy' },
    { type: 'TWILIO_CONTENT', friendlyName: 'order_update' },
  ],
  syncedAt: '2026-03-01T10:00:00.000Z',
};

describe('TemplatePicker (CH-3)', () => {
  it('CH-3 lists a Twilio content by its friendly name with the SID after it, and sends it by SID', async () => {
    const api = stubApi({
      'GET /api/v1/channels/3/templates': () => [200, { items: [twilioContent] }],
      'POST /api/v1/contacts/5/messages': () => [201, { id: '900', status: 'pending' }],
    });
    const sent = () => api.sentTo('POST /api/v1/contacts/5/messages');
    await renderApp(<TemplatePicker contactId="5" channelId="3" disabled={false} />);
    const option = await screen.findByRole('option', { name: `order_update (es) · ${SID}` });
    fireEvent.change(screen.getByLabelText('Choose a template'), { target: { value: (option as HTMLOptionElement).value } });
    fireEvent.change(screen.getByLabelText('Value of 1'), { target: { value: 'A-1042' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send template' }));
    await waitFor(() => expect(sent()).toHaveLength(1));
    expect(sent()[0]).toMatchObject({ template: { name: SID, language: 'es', components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }] }, channelId: '3' });
  });
});
