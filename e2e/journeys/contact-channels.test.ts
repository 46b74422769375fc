// Issue 5, CT-3 and CT-4: a contact who wrote on the shop's API channel has a phone, so the details panel shows WhatsApp
// as an inactive channel. An agent clicks "Send first message": the composer switches to WhatsApp and, the contact never
// having written there, offers the approved templates; the template reaches Meta's side (FakeWhatsApp) at the number's
// digits and WhatsApp becomes active. The Owner then removes WhatsApp from the contact (confirmed in a dialog): it is
// inactive again and the timeline says who removed it; the history stays.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after } from 'node:test';
import { FakeWhatsApp } from '@conversa/server/test/fakes/whatsapp-cloud.ts';
import { eventually, inboundMessage, journey, postInbound, SCREENSHOTS, signUp } from '../harness.ts';

const fake = await FakeWhatsApp.start();
after(() => fake.close());

journey('CT-3/CT-4: WhatsApp inactive for a contact with a phone, "Send first message" picks it with a template; the Owner removes it', async (j) => {
  const owner = await j.newPage({ viewport: { width: 1366, height: 860 } });
  const who = await signUp(owner, { workspaceName: 'Loja Aurora', name: 'Olivia Owner' });
  const api = async (method: 'post' | 'get', url: string, data?: unknown) => {
    const res = await owner.request[method](url, data === undefined ? {} : { data });
    assert.ok(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`);
    return res.json();
  };

  // The shop's channels: WhatsApp (its templates synced) and the online store's API channel.
  const number = fake.addNumber();
  const whatsapp = await api('post', '/api/v1/channels', { type: 'whatsapp_cloud', name: 'WhatsApp Loja', config: fake.channelConfig(number) });
  assert.equal((await fake.subscribe(number.phoneNumberId, whatsapp.inboundUrl, 'vibecoding')).status, 200);
  fake.templates.set(number.wabaId, [
    { name: 'boas_vindas', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá {{1}}, aqui é a Loja Aurora!' }] },
  ]);
  await api('post', `/api/v1/channels/${whatsapp.id}/templates/sync`);
  const integrator = await j.integrator();
  const store = await api('post', '/api/v1/channels', { type: 'api', name: 'Loja online', config: { outboundUrl: integrator.url } });
  assert.equal(await postInbound(store.inboundUrl, store.secret, inboundMessage('cliente-42', 'm-1', 'Oi! Vocês têm o tênis azul no 38?', { name: 'Ana Souza', phone: '+55 11 98765-4321' })), 200);
  // The webhook is acknowledged at once and recorded by a job.
  const contact = await eventually(async () => (await api('get', '/api/v1/contacts?q=Ana')).items[0], 'the contact from the API channel');
  assert.equal(contact.phone, '+5511987654321');

  // An agent joins by invitation.
  const invitation = await api('post', '/api/v1/invitations', { email: `agente.${Date.now()}@example.test`, role: 'agent', visibility: 'all' });
  const agent = await j.newPage({ viewport: { width: 1366, height: 860 } });
  await agent.goto(invitation.link);
  await agent.fill('input[name=name]', 'Thiago Agente');
  await agent.fill('input[name=password]', 'another-long-password');
  await agent.click('button[type=submit]');
  await agent.waitForURL(/\/inbox\//);

  // The contact's channels: the API channel active since the message, WhatsApp inactive at the phone, nothing to remove.
  await agent.goto(`/inbox/all/${contact.id}`);
  const panel = agent.getByTestId('contact-channels');
  const active = panel.getByTestId('channels-active');
  const inactive = panel.getByTestId('channels-inactive');
  await active.getByText('Loja online').waitFor();
  await active.getByText(/^Connected /).waitFor();
  await inactive.getByText('WhatsApp Loja').waitFor();
  await inactive.getByText('+5511987654321').waitFor();
  await inactive.getByText('The first message must be an approved template.').waitFor();
  assert.equal(await panel.getByRole('button', { name: /^Remove / }).count(), 0, 'agents cannot remove channels');
  const picker = agent.getByRole('combobox', { name: 'Send on channel' });
  assert.equal(await picker.inputValue(), '', 'the composer answers on the last channel used');
  await agent.getByRole('textbox', { name: 'Message' }).waitFor();
  await panel.scrollIntoViewIfNeeded();
  await j.screenshot(agent, 'contact-channels-inactive');
  await panel.screenshot({ path: path.join(SCREENSHOTS, 'contact-channels-panel.png') });

  // "Send first message": the composer is on WhatsApp, where only an approved template can go first.
  await inactive.getByRole('button', { name: 'Send first message' }).click();
  assert.equal(await picker.inputValue(), whatsapp.id);
  assert.equal(await picker.locator('option:checked').textContent(), 'WhatsApp Loja (first message)');
  await agent.getByText('This contact has not written on this channel yet').waitFor();
  await agent.getByTestId('composer-window').getByText('WhatsApp Loja only accepts an approved template').waitFor();
  assert.equal(await agent.getByRole('textbox', { name: 'Message' }).count(), 0, 'no free text before the contact writes on WhatsApp');
  const templates = agent.getByTestId('template-picker');
  await templates.getByRole('combobox', { name: 'Choose a template' }).selectOption({ label: 'boas_vindas (pt_BR)' });
  await templates.getByLabel('Value of 1').fill('Ana');
  await templates.getByText('Olá Ana, aqui é a Loja Aurora!').waitFor();
  await j.screenshot(agent, 'contact-channels-first-message');
  await templates.getByRole('button', { name: 'Send template' }).click();

  // Meta's side gets the template at the number's digits; WhatsApp is now an active channel of the contact.
  const sent = await eventually(() => fake.accepted.find((a) => a.body.type === 'template'), 'the template at the fake');
  assert.equal(sent.body.to, '+5511987654321');
  assert.equal(sent.phoneNumberId, number.phoneNumberId);
  await active.getByText('WhatsApp Loja').waitFor({ timeout: 10_000 });
  await active.getByText('5511987654321').waitFor();
  assert.equal(await panel.getByTestId('channels-inactive').count(), 0);
  await agent.getByRole('log', { name: 'Message history' }).getByText('Thiago Agente started WhatsApp Loja with the contact (5511987654321)').waitFor();
  await j.screenshot(agent, 'contact-channels-active');

  // CT-4: the Owner removes WhatsApp from the contact; it is inactive again and the history stays.
  await owner.goto(`/inbox/all/${contact.id}`);
  const ownerPanel = owner.getByTestId('contact-channels');
  await ownerPanel.getByRole('button', { name: 'Remove WhatsApp Loja from this contact' }).click();
  const dialog = owner.getByRole('dialog', { name: 'Remove WhatsApp Loja from this contact?' });
  await dialog.getByText('The conversation history stays.').waitFor();
  await j.screenshot(owner, 'contact-channels-remove-dialog');
  await dialog.getByRole('button', { name: 'Remove channel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await ownerPanel.getByTestId('channels-inactive').getByText('WhatsApp Loja').waitFor();
  const history = owner.getByRole('log', { name: 'Message history' });
  await history.getByText(`${who.name} removed WhatsApp Loja from the contact`).waitFor();
  await history.getByText('Oi! Vocês têm o tênis azul no 38?').waitFor();
  await history.getByText('Template “boas_vindas” Ana').waitFor();
});
