import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { addUser } from '../../../test/fixtures.js';
import { client, signupWorkspace, startTestServer } from '../../../test/harness.js';
import { contacts } from '../../db/schema.js';
import { eventsAfter } from '../../events/outbox.js';

const server = await startTestServer();
/** The workspace's realtime events (the outbox), oldest first. */
const outbox = (workspaceId: string, afterSeq = 0) => eventsAfter(server.ctx.db, Number(workspaceId), afterSeq, 1000);
const anon = client(server);
const acme = await signupWorkspace(server, 'Acme');
const owner = client(server, acme.token);
const other = await signupWorkspace(server, 'Other');
const stranger = client(server, other.token);

async function create(body: Record<string, unknown>, api = owner) {
  const res = await api('POST', '/api/v1/contacts', body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

test('every contacts route needs a token: 401', async () => {
  for (const [method, url] of [
    ['GET', '/api/v1/contacts'],
    ['POST', '/api/v1/contacts'],
    ['GET', '/api/v1/contacts/1'],
    ['PATCH', '/api/v1/contacts/1'],
    ['DELETE', '/api/v1/contacts/1'],
    ['POST', '/api/v1/contacts/1/tags'],
    ['DELETE', '/api/v1/contacts/1/tags'],
  ] as const) {
    const res = await anon(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
    assert.equal(res.status, 401, `${method} ${url}`);
    assert.equal(res.body.error.code, 'unauthenticated');
  }
});

test('CT-1 create: 201 with the presented contact, phone in E.164 and the country derived from it', async () => {
  const contact = await create({ firstName: ' José ', lastName: 'Silva', email: 'jose@example.com', phone: '+55 11 98765-4321', language: 'pt-BR' });
  assert.match(contact.id, /^\d+$/);
  assert.deepEqual(
    { ...contact, id: undefined, createdAt: undefined },
    {
      id: undefined,
      firstName: 'José',
      lastName: 'Silva',
      displayName: null,
      name: 'José Silva',
      avatarUrl: null,
      email: 'jose@example.com',
      phone: '+5511987654321',
      country: 'BR',
      language: 'pt-BR',
      customFields: {},
      tags: [],
      assigneeId: null,
      teamId: null,
      conversationStatus: null,
      blocked: false,
      createdAt: undefined,
      lastInteractionAt: null,
    },
  );
  assert.ok(!Number.isNaN(Date.parse(contact.createdAt)));
  const got = await owner('GET', `/api/v1/contacts/${contact.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, contact);
});

test('CT-1 phone: Mexican mobiles with the old 1, national numbers with a country hint, an explicit country wins', async () => {
  const mx = await create({ phone: '+52 1 55 1234 5678' });
  assert.equal(mx.phone, '+525512345678');
  assert.equal(mx.country, 'MX');
  assert.equal(mx.name, '+525512345678', 'the phone names a contact that has nothing better');
  const national = await create({ phone: '(11) 98765-4321', country: 'br' });
  assert.equal(national.phone, '+5511987654321');
  assert.equal(national.country, 'BR');
  const argentina = await create({ phone: '011 15 2345-6789', country: 'AR' });
  assert.equal(argentina.phone, '+5491123456789');
  const chosen = await create({ phone: '+5511987654321', country: 'PT' });
  assert.equal(chosen.country, 'PT');
  const tollFree = await create({ phone: '+800 1234 5678', displayName: 'Hotline' });
  assert.equal(tollFree.phone, '+80012345678');
  assert.equal(tollFree.country, null);
  assert.equal(tollFree.name, 'Hotline');
});

test('CT-1 invalid input: 422 with details naming the field, nothing created', async () => {
  const before = await outbox(acme.workspaceId);
  for (const phone of ['11987654321', '+55 11 1234', 'call me +5511987654321', '12ab']) {
    const res = await owner('POST', '/api/v1/contacts', { firstName: 'Bad', phone });
    assert.equal(res.status, 422, phone);
    assert.equal(res.body.error.code, 'invalid_phone');
    assert.deepEqual(res.body.error.details.map((d: { path: string }) => d.path), ['body.phone']);
  }
  const cases: [Record<string, unknown>, string][] = [
    [{ email: 'not-an-email' }, 'body.email'],
    [{ country: 'Brazil' }, 'body.country'],
    [{ language: 'português' }, 'body.language'],
    [{ firstName: 'x'.repeat(101) }, 'body.firstName'],
    [{ customFields: 'nope' }, 'body.customFields'],
    [{ tags: [''] }, 'body.tags.0'],
  ];
  for (const [body, path] of cases) {
    const res = await owner('POST', '/api/v1/contacts', body);
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed');
    assert.ok(res.body.error.details.some((d: { path: string }) => d.path === path), JSON.stringify(res.body.error.details));
  }
  const es = await client(server, acme.token, { 'accept-language': 'es' })('POST', '/api/v1/contacts', { phone: '123' });
  assert.match(es.body.error.message, /número de teléfono no es válido/);
  assert.equal((await outbox(acme.workspaceId)).length, before.length);
});

test('another workspace’s contact, or a malformed id, is 404 on every contact route', async () => {
  const mine = await create({ firstName: 'Private' });
  for (const api of [stranger]) {
    const calls = [
      await api('GET', `/api/v1/contacts/${mine.id}`),
      await api('PATCH', `/api/v1/contacts/${mine.id}`, { firstName: 'Hijacked' }),
      await api('DELETE', `/api/v1/contacts/${mine.id}`),
      await api('POST', `/api/v1/contacts/${mine.id}/tags`, { tags: ['x'] }),
      await api('DELETE', `/api/v1/contacts/${mine.id}/tags`, { tags: ['x'] }),
    ];
    for (const res of calls) {
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'not_found');
    }
  }
  const listed = await stranger('GET', `/api/v1/contacts?q=private`);
  assert.deepEqual(listed.body.items, []);
  assert.equal((await owner('GET', '/api/v1/contacts/abc')).status, 404);
  assert.equal((await owner('GET', '/api/v1/contacts/999999999')).status, 404);
  const still = await owner('GET', `/api/v1/contacts/${mine.id}`);
  assert.equal(still.body.firstName, 'Private');
  assert.deepEqual(still.body.tags, []);
});

test('CT-1 edit: fields change, null clears, a new phone re-derives the country, the change is announced', async () => {
  const contact = await create({ firstName: 'Ana', email: 'ana@example.com', phone: '+5511987654321' });
  const [last] = (await outbox(acme.workspaceId)).slice(-1);
  const res = await owner('PATCH', `/api/v1/contacts/${contact.id}`, { lastName: 'Pérez', email: null, phone: '+52 55 1234 5678', language: 'es' });
  assert.equal(res.status, 200);
  assert.equal(res.body.name, 'Ana Pérez');
  assert.equal(res.body.email, null);
  assert.equal(res.body.phone, '+525512345678');
  assert.equal(res.body.country, 'MX');
  assert.equal(res.body.language, 'es');
  const national = await owner('PATCH', `/api/v1/contacts/${contact.id}`, { phone: '55 8765 4321' });
  assert.equal(national.body.phone, '+525587654321', 'a national number is read in the contact’s country');
  const countryOnly = await owner('PATCH', `/api/v1/contacts/${contact.id}`, { country: 'us', firstName: '' });
  assert.equal(countryOnly.body.country, 'US');
  assert.equal(countryOnly.body.firstName, null);
  assert.equal(countryOnly.body.phone, '+525587654321');
  const events = await outbox(acme.workspaceId, last!.seq);
  assert.deepEqual(events.map((e) => e.type), ['contact.updated', 'contact.updated', 'contact.updated']);
  assert.deepEqual(events[0]!.audience, { kind: 'contact', states: [{ assigneeId: null, teamId: null }] });
  assert.equal((events[2]!.payload.contact as { country: string }).country, 'US');
  const empty = await owner('PATCH', `/api/v1/contacts/${contact.id}`, {});
  assert.equal(empty.status, 422);
  assert.equal(empty.body.error.code, 'validation_failed');
  const badPhone = await owner('PATCH', `/api/v1/contacts/${contact.id}`, { phone: '+1 000' });
  assert.equal(badPhone.body.error.code, 'invalid_phone');
});

test('CT-7 delete: agents 403, Owner deletes (204) and the contact is gone', async () => {
  const agent = await addUser(server, acme.workspaceId);
  const contact = await create({ firstName: 'Doomed', tags: ['keep-me'] });
  const denied = await client(server, agent.token)('DELETE', `/api/v1/contacts/${contact.id}`);
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'forbidden');
  const manager = await addUser(server, acme.workspaceId, { role: 'manager' });
  const res = await client(server, manager.token)('DELETE', `/api/v1/contacts/${contact.id}`);
  assert.equal(res.status, 204);
  assert.equal((await owner('GET', `/api/v1/contacts/${contact.id}`)).status, 404);
  assert.equal((await owner('DELETE', `/api/v1/contacts/${contact.id}`)).status, 404);
  const [event] = (await outbox(acme.workspaceId)).slice(-1);
  assert.equal(event!.type, 'contact.deleted');
  assert.deepEqual(event!.payload, { contactId: contact.id, deletedBy: { kind: 'user', userId: manager.id } });
  const tags = await owner('GET', '/api/v1/tags');
  assert.ok(tags.body.items.some((t: { name: string; contactCount: number }) => t.name === 'keep-me' && t.contactCount === 0));
});

test('WS-3 agents see, edit and tag only contacts within their visibility; others are 404', async () => {
  const agent = await addUser(server, acme.workspaceId, { visibility: 'assigned' });
  const api = client(server, agent.token);
  const hidden = await create({ firstName: 'Zacarías Hidden' });
  const own = await create({ firstName: 'Zacarías Mine' });
  await server.ctx.db.update(contacts).set({ assigneeId: Number(agent.id) }).where(eq(contacts.id, Number(own.id)));
  assert.equal((await api('GET', `/api/v1/contacts/${hidden.id}`)).status, 404);
  assert.equal((await api('PATCH', `/api/v1/contacts/${hidden.id}`, { lastName: 'X' })).status, 404);
  assert.equal((await api('POST', `/api/v1/contacts/${hidden.id}/tags`, { tags: ['x'] })).status, 404);
  const listed = await api('GET', '/api/v1/contacts?q=zacarias');
  assert.deepEqual(listed.body.items.map((c: { id: string }) => c.id), [own.id]);
  const edited = await api('PATCH', `/api/v1/contacts/${own.id}`, { lastName: 'Ruiz' });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.assigneeId, agent.id);
  assert.equal((await api('POST', `/api/v1/contacts/${own.id}/tags`, { tags: ['lead'] })).status, 200);
  const created = await api('POST', '/api/v1/contacts', { firstName: 'By agent' });
  assert.equal(created.status, 201, 'agents may create contacts');
  assert.equal(created.body.assigneeId, null);
});

test('CT-9 search: partial, case- and accent-insensitive, by name, email or phone', async () => {
  const ws = await signupWorkspace(server, 'Search');
  const api = client(server, ws.token);
  const jose = await create({ firstName: 'José', lastName: 'Müller', phone: '+55 11 98765-4321' }, api);
  const maria = await create({ displayName: 'MARÍA_50%', email: 'Maria.Lopez@Example.com' }, api);
  const juan = await create({ firstName: 'Juan', phone: '+52 55 1234 5678' }, api);
  const search = async (q: string) => {
    const res = await api('GET', `/api/v1/contacts?q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200);
    return res.body.items.map((c: { id: string }) => c.id).sort();
  };
  assert.deepEqual(await search('jose'), [jose.id]);
  assert.deepEqual(await search('JOSÉ MÜL'), [jose.id]);
  assert.deepEqual(await search('muller'), [jose.id]);
  assert.deepEqual(await search('maria'), [maria.id]);
  assert.deepEqual(await search('lopez@exam'), [maria.id]);
  assert.deepEqual(await search('5511987'), [jose.id]);
  assert.deepEqual(await search('98765-43'), [jose.id]);
  assert.deepEqual(await search('+52 55'), [juan.id]);
  assert.deepEqual(await search('_50%'), [maria.id], 'LIKE wildcards are matched literally');
  assert.deepEqual(await search('j%e'), []);
  assert.deepEqual(await search('j_se'), []);
  assert.deepEqual(await search('ju'), [juan.id]);
  assert.deepEqual(await search(''), [jose.id, maria.id, juan.id].sort());
});

test('list: newest first, cursor pages with no duplicates and no gaps; a bad cursor or limit is 422', async () => {
  const ws = await signupWorkspace(server, 'Paging');
  const api = client(server, ws.token);
  const created: string[] = [];
  for (let i = 0; i < 7; i++) created.push((await create({ firstName: `Page ${i}` }, api)).id);
  for (let i = 0; i < 5; i++) created.push((await create({ firstName: `Other ${i}` }, api)).id);
  // Ties and rows microseconds apart within one millisecond: the cursor must keep PostgreSQL's precision.
  await server.ctx.db
    .update(contacts)
    .set({ createdAt: sql`timestamptz '2024-05-01 12:00:00.123+00' + (${contacts.id} % 3) * interval '1 microsecond'` })
    .where(eq(contacts.workspaceId, Number(ws.workspaceId)));
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await api('GET', `/api/v1/contacts?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(res.status, 200);
    assert.ok(res.body.items.length <= 5);
    seen.push(...res.body.items.map((c: { id: string }) => c.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.equal(new Set(seen).size, seen.length, 'no duplicates');
  assert.deepEqual([...seen].sort(), [...created].sort(), 'no gaps');
  const rows = await server.ctx.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.workspaceId, Number(ws.workspaceId)));
  const expected = rows.sort((a, b) => (b.id % 3) - (a.id % 3) || b.id - a.id).map((r) => String(r.id));
  assert.deepEqual(seen, expected, 'newest first, then highest id');

  const searched = await api('GET', '/api/v1/contacts?q=page&limit=4');
  assert.equal(searched.body.items.length, 4);
  const rest = await api('GET', `/api/v1/contacts?q=page&limit=4&cursor=${searched.body.nextCursor}`);
  assert.equal(rest.body.items.length, 3);
  assert.equal(rest.body.nextCursor, null);

  for (const bad of ['nope', Buffer.from('{"at":"x","id":"1"}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
    const res = await api('GET', `/api/v1/contacts?cursor=${bad}`);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'invalid_cursor');
  }
  for (const limit of ['0', '101', 'x']) {
    const res = await api('GET', `/api/v1/contacts?limit=${limit}`);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.details[0].path, 'querystring.limit');
  }
});

test('API-2 Idempotency-Key: a retry replays the stored 201, a different body is 422', async () => {
  const ws = await signupWorkspace(server, 'Idem');
  const api = client(server, ws.token);
  const key = { 'idempotency-key': 'create-ana-1' };
  const first = await api('POST', '/api/v1/contacts', { firstName: 'Ana', tags: ['vip'] }, key);
  assert.equal(first.status, 201);
  assert.equal(first.headers['idempotent-replayed'], undefined);
  const again = await api('POST', '/api/v1/contacts', { tags: ['vip'], firstName: 'Ana' }, key);
  assert.equal(again.status, 201);
  assert.deepEqual(again.body, first.body);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  const reused = await api('POST', '/api/v1/contacts', { firstName: 'Bob' }, key);
  assert.equal(reused.status, 422);
  assert.equal(reused.body.error.code, 'idempotency_key_reused');
  const otherWorkspace = await stranger('POST', '/api/v1/contacts', { firstName: 'Ana', tags: ['vip'] }, key);
  assert.equal(otherWorkspace.status, 201);
  assert.notEqual(otherWorkspace.body.id, first.body.id, 'keys are per workspace');
  const list = await api('GET', '/api/v1/contacts');
  assert.equal(list.body.items.length, 1);
  const events = await outbox(ws.workspaceId);
  assert.equal(events.filter((e) => e.type === 'contact.created').length, 1);
  const failed = await api('POST', '/api/v1/contacts', { phone: '123' }, { 'idempotency-key': 'k2' });
  assert.equal(failed.body.error.code, 'invalid_phone');
  const fixed = await api('POST', '/api/v1/contacts', { phone: '+5511987654321' }, { 'idempotency-key': 'k2' });
  assert.equal(fixed.status, 201, 'a failed attempt does not use the key up');
  const tooLong = await api('POST', '/api/v1/contacts', {}, { 'idempotency-key': 'k'.repeat(256) });
  assert.equal(tooLong.status, 422);
});

test('the OpenAPI document lists the contacts API', async () => {
  const doc = await anon('GET', '/api/openapi.json');
  assert.equal(doc.status, 200);
  for (const path of ['/api/v1/contacts', '/api/v1/contacts/{id}', '/api/v1/contacts/{id}/tags', '/api/v1/tags', '/api/v1/custom-fields']) {
    assert.ok(doc.body.paths[path], path);
  }
});

test('API-2 five concurrent creates with one Idempotency-Key make one contact', async () => {
  const ws = await signupWorkspace(server, 'Race');
  const api = client(server, ws.token);
  const body = { firstName: 'Once', phone: '+5511987654321', tags: ['race'] };
  const results = await Promise.all([1, 2, 3, 4, 5].map(() => api('POST', '/api/v1/contacts', body, { 'idempotency-key': 'race-key' })));
  for (const res of results) assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
  assert.equal(results.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 4);
  const rows = await server.ctx.db.select().from(contacts).where(eq(contacts.workspaceId, Number(ws.workspaceId)));
  assert.equal(rows.length, 1);
});
