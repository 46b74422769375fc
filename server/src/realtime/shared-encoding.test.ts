import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import type { Actor } from '../domain/visibility/actor.js';
import type { StoredEvent } from '../events/types.js';
import { clientEventFor } from './client-event.js';
import { sharedEncodingParser } from './shared-encoding.js';

const event = (data: unknown[], nsp = '/'): Packet => ({ type: PacketType.EVENT, nsp, data });

test('P5 a frozen event argument is encoded once for every socket, exactly as socket.io encodes it', () => {
  const shared = new sharedEncodingParser.Encoder();
  const message = Object.freeze({ seq: 7, type: 'conversation.updated', payload: { row: { id: '1' } } });
  const first = shared.encode(event(['event', message]));
  assert.equal(shared.encode(event(['event', message])), first, 'the same encoding, not a new one');
  assert.deepEqual(first, new Encoder().encode(event(['event', message])));
  // Another namespace or event name is another packet.
  assert.deepEqual(shared.encode(event(['event', message], '/widget')), new Encoder().encode(event(['event', message], '/widget')));
  assert.deepEqual(shared.encode(event(['other', message])), new Encoder().encode(event(['other', message])));
});

test('P5 anything else is encoded each time: objects not frozen, acknowledged emits, CONNECT packets', () => {
  const shared = new sharedEncodingParser.Encoder();
  const open = { seq: 1 };
  const before = shared.encode(event(['ready', open]));
  open.seq = 2;
  assert.deepEqual(shared.encode(event(['ready', open])), new Encoder().encode(event(['ready', { seq: 2 }])), 'a changed object goes out changed');
  assert.notEqual(shared.encode(event(['ready', open])), before);

  const frozen = Object.freeze({ seq: 3 });
  const acked: Packet = { ...event(['event', frozen]), id: 12 };
  assert.deepEqual(shared.encode(acked), ['212["event",{"seq":3}]']);
  assert.notEqual(shared.encode(acked), shared.encode(acked));
  const connect: Packet = { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } };
  assert.deepEqual(shared.encode(connect), new Encoder().encode(connect));
});

test('IN-3 sockets whose users receive an event alike get one frozen object; each inbox its own', () => {
  const agent = (userId: number, teamIds: number[]): Actor => ({
    kind: 'user',
    workspaceId: 1,
    userId,
    role: 'agent',
    visibility: 'all',
    teamIds,
    teammateIds: [userId],
    locale: 'en',
    tokenKey: `u${userId}`,
  });
  const created: StoredEvent = {
    workspaceId: 1,
    seq: 9,
    type: 'message.created',
    createdAt: '2026-11-28T12:00:00.000Z',
    audience: { kind: 'contact', states: [{ assigneeId: null, teamId: 5 }] },
    payload: { message: { id: '3', direction: 'in' } },
  };
  const inTeam = clientEventFor(agent(1, [5]), created)!;
  const alsoInTeam = clientEventFor(agent(2, [5]), created)!;
  const outside = clientEventFor(agent(3, []), created)!;
  assert.equal(alsoInTeam, inTeam);
  assert.ok(Object.isFrozen(inTeam));
  assert.equal(inTeam.inbox, 'team:5');
  assert.equal(outside.inbox, 'unassigned');
  assert.deepEqual({ ...outside, inbox: undefined }, { ...inTeam, inbox: undefined });
});
