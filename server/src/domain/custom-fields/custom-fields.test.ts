import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addUser } from '../../../test/fixtures.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { eventsAfter } from '../../events/outbox.js';

const server = await startTestServer();
/** The workspace's realtime events (the outbox), oldest first. */
const outbox = (workspaceId: string, afterSeq = 0) => eventsAfter(server.ctx.db, Number(workspaceId), afterSeq, 1000);
const acme = await signupWorkspace(server, 'Acme');
const owner = client(server, acme.token);

async function define(body: Record<string, unknown>, api = owner) {
  const res = await api('POST', '/api/v1/custom-fields', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const fields = {
  notes: await define({ key: 'notes', label: 'Notes', type: 'text' }),
  budget: await define({ key: 'budget', label: 'Budget', type: 'number' }),
  birthday: await define({ key: 'birthday', label: 'Birthday', type: 'date' }),
  plan: await define({ key: 'plan', label: 'Plan', type: 'list', options: ['basic', 'pro'] }),
  vip: await define({ key: 'vip', label: 'VIP', type: 'checkbox' }),
  billing_email: await define({ key: 'billing_email', label: 'Billing email', type: 'email' }),
  whatsapp_2: await define({ key: 'whatsapp_2', label: 'Second WhatsApp', type: 'phone' }),
  site: await define({ key: 'site', label: 'Website', type: 'url' }),
};

test('custom field routes need a token: 401', async () => {
  const anon = client(server);
  for (const [method, url] of [['GET', '/api/v1/custom-fields'], ['POST', '/api/v1/custom-fields'], ['PATCH', '/api/v1/custom-fields/1'], ['DELETE', '/api/v1/custom-fields/1']] as const) {
    assert.equal((await anon(method, url, method === 'POST' || method === 'PATCH' ? {} : undefined)).status, 401, `${method} ${url}`);
  }
});

test('CT-1 definitions: created in order, listed for everyone, announced to the workspace', async () => {
  assert.deepEqual(fields.plan, {
    id: fields.plan.id,
    key: 'plan',
    label: 'Plan',
    type: 'list',
    options: ['basic', 'pro'],
    position: 3,
    createdAt: fields.plan.createdAt,
  });
  const agent = await addUser(server, acme.workspaceId);
  const res = await client(server, agent.token)('GET', '/api/v1/custom-fields');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.items.map((f: { key: string }) => f.key), Object.keys(fields));
  const events = await outbox(acme.workspaceId);
  assert.equal(events.filter((e) => e.type === 'custom_fields.updated').length, Object.keys(fields).length);
  assert.deepEqual(events.at(-1)!.audience, { kind: 'workspace' });
  const other = await signupWorkspace(server, 'Other');
  assert.deepEqual((await client(server, other.token)('GET', '/api/v1/custom-fields')).body.items, []);
});

test('managing definitions is for Owner/Manager: an agent gets 403', async () => {
  const agent = client(server, (await addUser(server, acme.workspaceId)).token);
  assert.equal((await agent('POST', '/api/v1/custom-fields', { key: 'x', label: 'X', type: 'text' })).status, 403);
  assert.equal((await agent('PATCH', `/api/v1/custom-fields/${fields.notes.id}`, { label: 'Y' })).status, 403);
  const denied = await agent('DELETE', `/api/v1/custom-fields/${fields.notes.id}`);
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'forbidden');
  const manager = client(server, (await addUser(server, acme.workspaceId, { role: 'manager' })).token);
  const made = await manager('POST', '/api/v1/custom-fields', { key: 'by_manager', label: 'By manager', type: 'text', position: 50 });
  assert.equal(made.status, 201);
  assert.equal(made.body.position, 50);
  assert.equal((await manager('DELETE', `/api/v1/custom-fields/${made.body.id}`)).status, 204);
});

test('definition input: key format, unique key (409), list options', async () => {
  const taken = await owner('POST', '/api/v1/custom-fields', { key: 'plan', label: 'Again', type: 'text' });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.code, 'name_taken');
  const cases: [Record<string, unknown>, string][] = [
    [{ key: 'Has Caps', label: 'X', type: 'text' }, 'body.key'],
    [{ key: 'ok', label: '', type: 'text' }, 'body.label'],
    [{ key: 'ok', label: 'X', type: 'color' }, 'body.type'],
    [{ key: 'ok', label: 'X', type: 'list' }, 'body.options'],
    [{ key: 'ok', label: 'X', type: 'list', options: [] }, 'body.options'],
    [{ key: 'ok', label: 'X', type: 'list', options: ['a', 'a'] }, 'body.options'],
    [{ key: 'ok', label: 'X', type: 'text', options: ['a'] }, 'body.options'],
  ];
  for (const [body, path] of cases) {
    const res = await owner('POST', '/api/v1/custom-fields', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed');
    assert.equal(res.body.error.details[0].path, path, JSON.stringify(body));
  }
});

test('PATCH a definition: label, options, position; key and type stay; another workspace’s is 404', async () => {
  const field = await define({ key: 'stage', label: 'Stage', type: 'list', options: ['new'] });
  const res = await owner('PATCH', `/api/v1/custom-fields/${field.id}`, { label: 'Funnel stage', options: ['new', 'won'], position: 0 });
  assert.equal(res.status, 200);
  assert.deepEqual([res.body.key, res.body.type, res.body.label, res.body.options, res.body.position], ['stage', 'list', 'Funnel stage', ['new', 'won'], 0]);
  const nothing = await owner('PATCH', `/api/v1/custom-fields/${field.id}`, {});
  assert.equal(nothing.status, 422);
  assert.equal(nothing.body.error.code, 'validation_failed');
  const noOptions = await owner('PATCH', `/api/v1/custom-fields/${field.id}`, { options: [] });
  assert.equal(noOptions.status, 422);
  const textOptions = await owner('PATCH', `/api/v1/custom-fields/${fields.notes.id}`, { options: ['a'] });
  assert.equal(textOptions.status, 422);
  const other = await signupWorkspace(server, 'Other');
  const foreign = client(server, other.token);
  assert.equal((await foreign('PATCH', `/api/v1/custom-fields/${field.id}`, { label: 'Mine' })).status, 404);
  assert.equal((await foreign('DELETE', `/api/v1/custom-fields/${field.id}`)).status, 404);
  assert.equal((await owner('PATCH', '/api/v1/custom-fields/999999999', { label: 'X' })).status, 404);
});

test('CT-1 custom field values: checked by type, normalised, merged on edit, null removes a key', async () => {
  const values = {
    notes: 'Prefers mornings',
    budget: 1500.5,
    birthday: '1990-02-28',
    plan: 'pro',
    vip: true,
    billing_email: 'billing@example.com',
    whatsapp_2: '+55 11 98765-4321',
    site: 'https://example.com/shop',
  };
  const created = await owner('POST', '/api/v1/contacts', { firstName: 'Custom', customFields: values });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.customFields, { ...values, whatsapp_2: '+5511987654321' });
  const edited = await owner('PATCH', `/api/v1/contacts/${created.body.id}`, { customFields: { budget: 0, vip: null, plan: 'basic' } });
  assert.equal(edited.status, 200);
  const { vip: _removed, ...kept } = values;
  assert.deepEqual(edited.body.customFields, { ...kept, whatsapp_2: '+5511987654321', budget: 0, plan: 'basic' });
});

test('bad custom field values: 422 invalid_custom_field naming every bad key; unknown keys 422 unknown_custom_field', async () => {
  const bad = {
    notes: 'x'.repeat(2001),
    budget: '12',
    birthday: '2023-02-30',
    plan: 'enterprise',
    vip: 'yes',
    billing_email: 'nope',
    whatsapp_2: '98765-4321',
    site: 'ftp://example.com',
  };
  const res = await owner('POST', '/api/v1/contacts', { firstName: 'Bad', customFields: bad });
  assert.equal(res.status, 422);
  assert.equal(res.body.error.code, 'invalid_custom_field');
  assert.deepEqual(
    res.body.error.details.map((d: { path: string }) => d.path),
    Object.keys(bad).map((k) => `body.customFields.${k}`),
  );
  assert.match(res.body.error.details.find((d: { path: string }) => d.path === 'body.customFields.plan').message, /basic, pro/);
  for (const [key, value] of [['birthday', '2024-2-1'], ['site', 'not a url'], ['vip', 1], ['plan', ['pro']]] as const) {
    const one = await owner('POST', '/api/v1/contacts', { customFields: { [key]: value } });
    assert.equal(one.body.error.code, 'invalid_custom_field', `${key}=${value}`);
  }
  const unknown = await owner('POST', '/api/v1/contacts', { customFields: { notes: 'ok', favourite_colour: 'blue' } });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.error.code, 'unknown_custom_field');
  assert.deepEqual(unknown.body.error.details.map((d: { path: string }) => d.path), ['body.customFields.favourite_colour']);
  const contact = (await owner('POST', '/api/v1/contacts', { firstName: 'Patch me' })).body;
  const patched = await owner('PATCH', `/api/v1/contacts/${contact.id}`, { customFields: { budget: 'lots' } });
  assert.equal(patched.body.error.code, 'invalid_custom_field');
  const other = await signupWorkspace(server, 'Other');
  const foreign = await client(server, other.token)('POST', '/api/v1/contacts', { customFields: { notes: 'hi' } });
  assert.equal(foreign.body.error.code, 'unknown_custom_field', 'definitions are per workspace');
});

test('deleting a definition removes its values from every contact', async () => {
  const field = await define({ key: 'temporary', label: 'Temporary', type: 'text' });
  const a = (await owner('POST', '/api/v1/contacts', { customFields: { temporary: 'a', notes: 'stays' } })).body;
  const res = await owner('DELETE', `/api/v1/custom-fields/${field.id}`);
  assert.equal(res.status, 204);
  const after = await owner('GET', `/api/v1/contacts/${a.id}`);
  assert.deepEqual(after.body.customFields, { notes: 'stays' });
  assert.equal((await owner('DELETE', `/api/v1/custom-fields/${field.id}`)).status, 404);
  const reuse = await owner('POST', '/api/v1/contacts', { customFields: { temporary: 'b' } });
  assert.equal(reuse.body.error.code, 'unknown_custom_field');
});
