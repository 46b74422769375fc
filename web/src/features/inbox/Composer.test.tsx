import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../api';
import { channelOf, contactChannelOf, contactOf, sessionOf } from '../../test/fixtures';
import { renderApp, SignedIn, stubApi } from '../../test/render';
import { Composer } from './Composer';

const MB = 1024 * 1024;

const contact = contactOf('41', { firstName: 'Lucía', lastName: 'Pérez', name: 'Lucía Pérez', phone: '+34600111222', country: 'ES' });

const whatsapp = channelOf('whatsapp_cloud', '7', {
  name: 'WhatsApp tienda',
  capabilities: { files: { image: 5 * MB, audio: 16 * MB, video: 16 * MB, document: 100 * MB }, uncaptionedFiles: ['audio'] },
});
const api = channelOf('api', '8', { name: 'Shop API' });
const reachable = (c: Channel) => contactChannelOf({ channelId: c.id, channelType: c.type, channelName: c.name, externalId: 'x', connectedAt: '2026-01-01T00:00:00Z' });

type Answer = [number, unknown?];

/** The API the composer talks to: the session, the contact's channels, the workspace's channels, and the send. */
function stubComposerApi(channels: Channel[], sendAnswers: Answer[] = []) {
  return stubApi({
    'GET /api/v1/auth/me': () => [200, sessionOf('owner', { name: 'Zapatería', timezone: 'Europe/Madrid' })],
    'GET /api/v1/teams': () => [200, { items: [] }],
    'GET /api/v1/channels': () => [200, { items: channels }],
    [`GET /api/v1/contacts/${contact.id}/channels`]: () => [200, { items: channels.map(reachable) }],
    [`POST /api/v1/contacts/${contact.id}/messages`]: () => sendAnswers.shift() ?? [201, { id: '900', status: 'pending' }],
  }).fetch;
}

/** The sends the composer posted: their Idempotency-Key and body. */
const posts = (fetch: ReturnType<typeof stubComposerApi>) =>
  fetch.mock.calls
    .filter(([, init]) => init?.method === 'POST')
    .map(([, init]) => ({ key: (init!.headers as Record<string, string>)['Idempotency-Key'], body: init!.body, contentType: (init!.headers as Record<string, string>)['Content-Type'] }));

async function renderComposer() {
  const result = await renderApp(
    <SignedIn>
      <Composer contact={contact} unanswered={0} lastChannelId={null} />
    </SignedIn>,
  );
  await screen.findByRole('textbox', { name: 'Message' });
  return result;
}

const png = (name = 'foto.png', size?: number) => {
  const file = new File([new Uint8Array(2048)], name, { type: 'image/png' });
  if (size !== undefined) Object.defineProperty(file, 'size', { value: size });
  return file;
};
const choose = (file: File) => fireEvent.change(screen.getByTestId('file-input'), { target: { files: [file] } });

beforeEach(() => {
  URL.createObjectURL = vi.fn(() => 'blob:http://app/thumb');
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Composer: sending a file (IN-11)', () => {
  it('IN-11: the attach button is off on a channel that sends no files, and says why', async () => {
    stubComposerApi([api]);
    await renderComposer();
    const attach = screen.getByRole('button', { name: 'Attach a file' });
    await waitFor(() => expect(attach.getAttribute('aria-disabled')).toBe('true'));
    expect(attach.getAttribute('aria-describedby')).toBe('composer-no-files');
    expect(document.getElementById('composer-no-files')?.textContent).toBe('Shop API cannot send files.');
    const input = screen.getByTestId('file-input') as HTMLInputElement;
    const opened = vi.spyOn(input, 'click');
    fireEvent.click(attach);
    expect(opened).not.toHaveBeenCalled();
    expect((await screen.findByRole('alert')).textContent).toBe('Shop API cannot send files.');
  });

  it("IN-11: a chosen image shows as a chip with its thumbnail and size; Send posts it as multipart with the caption and an Idempotency-Key", async () => {
    const fetch = stubComposerApi([whatsapp]);
    await renderComposer();
    const attach = screen.getByRole('button', { name: 'Attach a file' });
    await waitFor(() => expect(attach.getAttribute('aria-disabled')).toBeNull());
    expect((screen.getByTestId('file-input') as HTMLInputElement).accept.split(',')).toContain('image/png');
    expect((screen.getByTestId('file-input') as HTMLInputElement).accept.split(',')).not.toContain('image/svg+xml');

    choose(png());
    const chip = await screen.findByTestId('file-chip');
    expect(chip.textContent).toContain('foto.png');
    expect(chip.textContent).toContain('2 kB');
    expect(chip.querySelector('img')?.getAttribute('src')).toBe('blob:http://app/thumb');
    fireEvent.change(screen.getByRole('textbox', { name: 'Caption' }), { target: { value: '  El modelo en marrón  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(screen.queryByTestId('file-chip')).toBeNull());
    const [sent] = posts(fetch);
    expect(sent!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent!.contentType).toBeUndefined(); // the browser sets multipart/form-data with its boundary
    const form = sent!.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect((form.get('file') as File).name).toBe('foto.png');
    expect((form.get('file') as File).type).toBe('image/png');
    expect(form.get('text')).toBe('El modelo en marrón');
    expect(form.get('channelId')).toBeNull();
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('');
  });

  it('IN-11: a file dropped on the composer is attached; where the channel sends none, the drop is refused with the reason', async () => {
    stubComposerApi([whatsapp, api]);
    await renderComposer();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Attach a file' }).getAttribute('aria-disabled')).toBeNull());
    const drop = (file: File) => fireEvent.drop(screen.getByTestId('composer'), { dataTransfer: { files: [file], types: ['Files'] } });
    drop(png('plantilla.png'));
    expect((await screen.findByTestId('file-chip')).textContent).toContain('plantilla.png');

    fireEvent.click(screen.getByRole('button', { name: 'Remove plantilla.png' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Send on channel' }), { target: { value: api.id } });
    drop(png('plantilla.png'));
    expect((await screen.findByRole('alert')).textContent).toBe('Shop API cannot send files.');
    expect(screen.queryByTestId('file-chip')).toBeNull();
  });

  it("IN-11: a file over the channel's limit for its type, or of a type it cannot send, is refused before any upload", async () => {
    const fetch = stubComposerApi([whatsapp]);
    await renderComposer();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Attach a file' }).getAttribute('aria-disabled')).toBeNull());

    choose(png('escaparate.png', 6.3 * MB));
    expect((await screen.findByRole('alert')).textContent).toBe('escaparate.png is 6.3 MB: WhatsApp tienda sends files of this type up to 5 MB.');
    expect(screen.queryByTestId('file-chip')).toBeNull();

    choose(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
    await screen.findByText(/^WhatsApp tienda cannot send this type of file \(logo\.svg\)\. It can send: PNG, JPEG, GIF, WebP, PDF, /);
    expect(screen.queryByTestId('file-chip')).toBeNull();
    expect(posts(fetch)).toHaveLength(0);
  });

  it('IN-11: a caption over 1024 characters is refused with its length, and any caption on a file the channel sends without one', async () => {
    const fetch = stubComposerApi([whatsapp]);
    await renderComposer();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Attach a file' }).getAttribute('aria-disabled')).toBeNull());
    choose(png());
    await screen.findByTestId('file-chip');
    fireEvent.change(screen.getByRole('textbox', { name: 'Caption' }), { target: { value: 'a'.repeat(1025) } });
    expect((await screen.findByRole('alert')).textContent).toBe('A caption can be at most 1024 characters (this one has 1025).');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Caption' }), { key: 'Enter' });
    expect(posts(fetch)).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Remove foto.png' }));
    choose(new File(['ID3'], 'nota.mp3', { type: 'audio/mpeg' }));
    await screen.findByText('nota.mp3');
    fireEvent.change(screen.getByRole('textbox', { name: 'Caption' }), { target: { value: 'Escucha esto' } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'WhatsApp tienda sends this type of file without a caption: clear the text, and send it as a message of its own.',
    );
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByRole('textbox', { name: 'Caption' }), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(posts(fetch)).toHaveLength(1));
    expect(((posts(fetch)[0]!.body as FormData).get('file') as File).name).toBe('nota.mp3');
  });

  it("IN-11: the server's refusal is shown and the file stays chosen; sending again reuses the Idempotency-Key", async () => {
    const fetch = stubComposerApi(
      [whatsapp],
      [[503, { error: { code: 'unavailable', message: 'The service is busy. Try again in a moment.', details: null } }]],
    );
    await renderComposer();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Attach a file' }).getAttribute('aria-disabled')).toBeNull());
    choose(png());
    await screen.findByTestId('file-chip');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The file was not sent. It is still attached: press Send to try again.');
    expect(alert.textContent).toContain('The service is busy. Try again in a moment.');
    expect(screen.getByTestId('file-chip').textContent).toContain('foto.png');

    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.queryByTestId('file-chip')).toBeNull());
    const [first, second] = posts(fetch);
    expect(second!.key).toBe(first!.key);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
