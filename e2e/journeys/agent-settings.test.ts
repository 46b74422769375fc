// Issue 3, "Done when" 3: an agent invited through Settings → Users (the link accepted in a second browser
// context) does not see Settings, and /settings shows the not-allowed state.
import assert from 'node:assert/strict';
import { journey, signUp } from '../harness.ts';

journey('an agent invited from Settings → Users does not see Settings and is refused at /settings', async ({ newPage, app }) => {
  const owner = await newPage();
  await signUp(owner, { workspaceName: 'Equipo Norte' });
  await owner.goto('/settings/users');
  await owner.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

  // Invite an agent.
  const email = `agent.${Date.now()}@example.test`;
  await owner.getByRole('button', { name: 'Invite people' }).click();
  const dialog = owner.getByRole('dialog');
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByRole('button', { name: 'Create invitation' }).click();
  await dialog.getByText('Enter a valid email address').waitFor();
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Role').selectOption('agent');
  await dialog.getByLabel('Contact visibility').selectOption('assigned');
  await dialog.getByRole('button', { name: 'Create invitation' }).click();

  // The link is shown to copy, and the UI says no email was sent.
  await dialog.getByText('Conversa does not send invitation emails yet').waitFor();
  const link = await dialog.locator('input[name=invitationLink]').inputValue();
  assert.ok(link.startsWith(`${app.baseUrl}/invite/`), link);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await owner.getByRole('cell', { name: email }).waitFor();

  // The agent accepts in another browser context (other cookies).
  const agent = await newPage();
  await agent.goto(link);
  await agent.fill('input[name=name]', 'Thiago Agente');
  await agent.fill('input[name=password]', 'another-long-password');
  await agent.click('button[type=submit]');
  await agent.waitForURL(/\/inbox\//);

  // No Settings in the agent's nav rail; /settings shows the not-allowed state (no redirect).
  const rail = agent.getByRole('navigation', { name: 'Main' });
  await rail.getByRole('link', { name: 'Messages' }).waitFor();
  assert.equal(await rail.getByRole('link', { name: 'Settings' }).count(), 0);
  await agent.goto('/settings');
  await agent.getByRole('heading', { name: 'Only Owners and Managers can open Settings' }).waitFor();
  assert.match(agent.url(), /\/settings$/);
  await agent.goto('/settings/channels');
  await agent.getByRole('heading', { name: 'Only Owners and Managers can open Settings' }).waitFor();

  // Meanwhile the owner's Users page updated live: the agent is listed with the chosen access, the invitation gone.
  const row = owner.getByRole('row', { name: /Thiago Agente/ });
  await row.waitFor();
  await row.getByText('Agent', { exact: true }).waitFor();
  await row.getByText('Assigned to them').waitFor();
  await owner.getByText('No pending invitations.').waitFor();
});
