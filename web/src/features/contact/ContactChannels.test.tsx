import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactChannel } from '../../api';
import { browserTimeZone, formatFull } from '../../i18n/format';
import { channelOf, contactChannelOf, contactOf, sessionOf } from '../../test/fixtures';
import { renderApp, SignedIn, stubApi, stubModalDialogs } from '../../test/render';
import { Composer } from '../inbox/Composer';
import { channelGroups, ContactChannels } from './ContactChannels';

const contact = contactOf('52', { firstName: 'Ana', lastName: 'Souza', name: 'Ana Souza', phone: '+5511987654321', country: 'BR' });

const CONNECTED = '2026-03-02T14:30:00.000Z';
const apiActive = contactChannelOf({ channelId: '8', channelType: 'api', channelName: 'Loja API', externalId: 'shop-42', connectedAt: CONNECTED });
const messenger = contactChannelOf({
  channelId: '9',
  channelType: 'messenger',
  channelName: 'Facebook Aurora',
  externalId: '6254990817',
  connectedAt: CONNECTED,
  conversationUrl: 'https://business.facebook.com/latest/inbox/all?selected_item_id=6254990817',
});
const whatsappInactive = contactChannelOf({
  channelId: '7',
  channelType: 'whatsapp_cloud',
  channelName: 'WhatsApp Loja',
  state: 'inactive',
  externalId: '5511987654321',
  startsWith: 'phone',
  replyWindow: { open: false, closesAt: null },
});
const telegram = contactChannelOf({ channelId: '6', channelType: 'telegram', channelName: 'Bot Aurora', state: 'unavailable', usable: false, unavailableReason: 'contact_starts' });
const channels = [apiActive, messenger, whatsappInactive, telegram];

const workspaceChannel = (c: ContactChannel, replyWindowMs: number | null) =>
  channelOf(c.channelType, c.channelId, { name: c.channelName, capabilities: { replyWindowMs } });

/** The API of the contact's page for a user of `role`; `list` answers GET /contacts/{id}/channels. */
function stubContactApi(role: 'owner' | 'manager' | 'agent', list: () => ContactChannel[] = () => channels) {
  return stubApi({
    'GET /api/v1/auth/me': () => [200, sessionOf(role)],
    'GET /api/v1/teams': () => [200, { items: [] }],
    'GET /api/v1/channels': () => [200, { items: [workspaceChannel(apiActive, null), workspaceChannel(whatsappInactive, 24 * 3_600_000)] }],
    'GET /api/v1/channels/7/templates': () => [
      200,
      { items: [{ name: 'boas_vindas', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá! Aqui é a Loja Aurora.' }], syncedAt: CONNECTED }] },
    ],
    [`GET /api/v1/contacts/${contact.id}/channels`]: () => [200, { items: list() }],
    [`DELETE /api/v1/contacts/${contact.id}/channels/8`]: () => [204],
  }).fetch;
}

const group = (state: string) => screen.getByTestId(`channels-${state}`);

beforeEach(stubModalDialogs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('contact channels (CT-3, CT-4)', () => {
  it('CT-3 groups the channels active, inactive, unavailable, keeping the server order and leaving out empty groups', () => {
    expect(channelGroups(channels).map((g) => [g.state, g.items.map((c) => c.channelId)])).toEqual([
      ['active', ['8', '9']],
      ['inactive', ['7']],
      ['unavailable', ['6']],
    ]);
    expect(channelGroups([telegram]).map((g) => g.state)).toEqual(['unavailable']);
  });

  it('CT-3 shows the date connected in the user’s language, the Messenger link, the address to start at and why a channel is unavailable', async () => {
    stubContactApi('agent');
    await renderApp(
      <SignedIn>
        <ContactChannels contact={contact} />
      </SignedIn>,
      { language: 'pt-BR' },
    );
    await screen.findByTestId('channels-active');
    expect(screen.getByRole('heading', { name: 'Ativos' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Inativos' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Indisponíveis' })).toBeTruthy();

    const active = within(group('active'));
    const date = formatFull(CONNECTED, { locale: 'pt-BR', timeZone: browserTimeZone() });
    expect(active.getAllByText(`Conectado em ${date}`)).toHaveLength(2);
    expect(active.getByText('shop-42')).toBeTruthy();
    const link = active.getByRole('link', { name: 'Abrir a conversa no Facebook Aurora' });
    expect(link.getAttribute('href')).toBe(messenger.conversationUrl);
    expect(link.getAttribute('target')).toBe('_blank');
    // Agents cannot remove channels.
    expect(active.queryByRole('button', { name: /^Remover/ })).toBeNull();

    const inactive = within(group('inactive'));
    expect(inactive.getByText('WhatsApp Loja')).toBeTruthy();
    expect(inactive.getByText('+5511987654321')).toBeTruthy();
    expect(inactive.getByText('A primeira mensagem precisa ser um modelo aprovado.')).toBeTruthy();
    expect(inactive.getByRole('button', { name: 'Enviar primeira mensagem' })).toBeTruthy();

    const unavailable = within(group('unavailable'));
    expect(unavailable.getByText('Bot Aurora')).toBeTruthy();
    expect(unavailable.getByText('Aguardando o contato escrever primeiro.')).toBeTruthy();
    expect(unavailable.queryByRole('button')).toBeNull();
  });

  it('CT-3 a missing phone or an address another contact holds is said in the unavailable group', async () => {
    stubContactApi('owner', () => [
      { ...whatsappInactive, state: 'unavailable', externalId: null, usable: false, replyWindow: null, unavailableReason: 'no_phone' },
      { ...whatsappInactive, channelId: '5', channelName: 'WhatsApp Ventas', state: 'unavailable', externalId: null, usable: false, replyWindow: null, unavailableReason: 'address_in_use' },
    ]);
    await renderApp(
      <SignedIn>
        <ContactChannels contact={{ ...contact, phone: null }} />
      </SignedIn>,
    );
    const unavailable = within(await screen.findByTestId('channels-unavailable'));
    expect(unavailable.getByText('Add a phone number to send a first message.')).toBeTruthy();
    expect(unavailable.getByText('Another contact has this phone number or email on this channel.')).toBeTruthy();
    expect(screen.queryByTestId('channels-active')).toBeNull();
    expect(screen.queryByTestId('channels-inactive')).toBeNull();
  });

  it('CT-3 “Send first message” picks the channel in the composer, which offers the approved templates (never written on)', async () => {
    stubContactApi('agent');
    await renderApp(
      <SignedIn>
        <Composer contact={contact} unanswered={0} lastChannelId="8" />
        <ContactChannels contact={contact} />
      </SignedIn>,
    );
    const picker = (await screen.findByRole('combobox', { name: 'Send on channel' })) as HTMLSelectElement;
    await screen.findByTestId('channels-inactive');
    // The composer lists the channels it can send on: the active ones, then the one it can start.
    expect([...picker.options].map((o) => o.textContent)).toEqual(['Last channel used', 'Loja API', 'Facebook Aurora', 'WhatsApp Loja (first message)']);
    expect(picker.value).toBe('');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Send first message' }));
    await waitFor(() => expect(picker.value).toBe('7'));
    expect(screen.getByTestId('composer-window').textContent).toBe('WhatsApp Loja only accepts an approved template until the contact writes again.');
    expect(screen.getByText('This contact has not written on this channel yet')).toBeTruthy();
    const templates = await screen.findByRole('combobox', { name: 'Choose a template' });
    expect(within(templates).getByRole('option', { name: /boas_vindas/ })).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
  });

  it('CT-3 with no active channel the composer starts on the channel it can start', async () => {
    stubContactApi('agent', () => [whatsappInactive, telegram]);
    await renderApp(
      <SignedIn>
        <Composer contact={contact} unanswered={0} lastChannelId={null} />
      </SignedIn>,
    );
    expect(await screen.findByTestId('template-picker')).toBeTruthy();
    expect(screen.queryByTestId('composer-disabled-reason')).toBeNull();
  });

  it('CT-4 an Owner removes an active channel after confirming; the list is fetched again', async () => {
    let list = channels;
    const fetch = stubContactApi('owner', () => list);
    await renderApp(
      <SignedIn>
        <ContactChannels contact={contact} />
      </SignedIn>,
    );
    const active = within(await screen.findByTestId('channels-active'));
    fireEvent.click(active.getByRole('button', { name: 'Remove Loja API from this contact' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText('Remove Loja API from this contact?')).toBeTruthy();
    expect(dialog.getByText('The conversation history stays.')).toBeTruthy();
    expect(dialog.getByText(/Loja API \(shop-42\) will no longer be linked to this contact/)).toBeTruthy();

    list = [messenger, whatsappInactive, telegram];
    fireEvent.click(dialog.getByRole('button', { name: 'Remove channel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fetch.mock.calls.some(([url, init]) => init?.method === 'DELETE' && String(url).endsWith(`/contacts/${contact.id}/channels/8`))).toBe(true);
    await waitFor(() => expect(within(group('active')).queryByText('Loja API')).toBeNull());
  });
});
