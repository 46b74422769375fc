import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AppError } from '../../http/errors.js';
import { parseTelegramUpdate } from './parse.js';

// PROVIDERS.md §3.2: every Update shape a bot in private chats receives, from the fixtures and beyond them.
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/provider-fixtures/telegram/${name}.json`, import.meta.url), 'utf8'));
const parse = (update: unknown) => parseTelegramUpdate(Buffer.from(JSON.stringify(update)));
const sojan = { externalId: '23', name: 'Sojan Jose' };
const from = { id: 23, is_bot: false, first_name: 'Sojan', last_name: 'Jose' };
const chat = { id: 23, type: 'private', first_name: 'Sojan' };
const message = (fields: Record<string, unknown>, kind = 'message') => ({ update_id: 7, [kind]: { message_id: 9, from, chat, date: 1631132077, ...fields } });

test('a text message: the chat is the contact, `<chat>:<message_id>` the id, the date its time', () => {
  assert.deepEqual(parse(fixture('update_text')), [
    { kind: 'message', externalId: '23:1', contact: sojan, text: 'test', sentAt: new Date(1631132077 * 1000) },
  ]);
});

test('a reply points at the quoted message of the same chat', () => {
  const [event] = parse(fixture('update_reply'));
  assert.equal(event?.kind === 'message' && event.replyToExternalId, '23:2');
  assert.equal(event?.kind === 'message' && event.text, 'My order is late');
});

test('media: the largest photo size, voice, document keep their file_id for getFile, mime type and name', () => {
  const [photo] = parse(fixture('update_photo'));
  assert.deepEqual(photo?.kind === 'message' && photo.content, {
    kind: 'image',
    attachments: [{ type: 'image', mimeType: 'image/jpeg', providerMediaId: 'AgACAgUAAxkBAAODYV3aGZlD6vhzKsE2WNmblsr6zKwAAi-tMRvCoeBWNQ1ENVBzJdwBAAMCAANzAAMhBA' }],
  });
  const big = parse(message({ photo: [{ file_id: 'small', width: 90, height: 90 }, { file_id: 'large', width: 800, height: 800 }], caption: 'Invoice' }))[0];
  assert.deepEqual(big?.kind === 'message' && [big.text, big.content?.attachments?.[0]?.providerMediaId, big.content?.attachments?.[0]?.caption], ['Invoice', 'large', 'Invoice']);
  const [voice] = parse(fixture('update_voice'));
  assert.deepEqual(voice?.kind === 'message' && voice.content?.attachments?.[0], { type: 'voice', mimeType: 'audio/ogg', providerMediaId: 'AwACAgUAAxkBAANjYVwnWF_w8LYTchqVdK9dY7mbwYEAAskDAALCoeBWFvS2u4zS6HAhBA' });
  const [doc] = parse(fixture('update_document'));
  assert.deepEqual(doc?.kind === 'message' && doc.content?.attachments?.[0], {
    type: 'document',
    mimeType: 'application/png',
    providerMediaId: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
    filename: 'Screenshot 2021-09-27 at 2.01.14 PM.png',
  });
});

test('audio, video, video notes, animations and stickers', () => {
  const kinds = [
    message({ audio: { file_id: 'a', mime_type: 'audio/mpeg', file_name: 'song.mp3', duration: 3 } }),
    message({ video: { file_id: 'v', duration: 3, width: 1, height: 1 }, caption: 'look' }),
    message({ video_note: { file_id: 'n', length: 240, duration: 3 } }),
    message({ animation: { file_id: 'g', mime_type: 'video/mp4', duration: 1, width: 1, height: 1 }, document: { file_id: 'g' } }),
    message({ sticker: { file_id: 's', is_animated: false, is_video: false, emoji: '😀', width: 512, height: 512 } }),
    message({ sticker: { file_id: 't', is_animated: true, is_video: false, width: 512, height: 512 } }),
  ].map((u) => {
    const [e] = parse(u);
    assert.ok(e?.kind === 'message');
    const a = e.content!.attachments![0]!;
    return [e.content!.kind, a.providerMediaId, a.mimeType, a.animated ?? false, e.text ?? null];
  });
  assert.deepEqual(kinds, [
    ['audio', 'a', 'audio/mpeg', false, null],
    ['video', 'v', 'video/mp4', false, 'look'],
    ['video', 'n', 'video/mp4', false, null],
    ['video', 'g', 'video/mp4', true, null],
    ['sticker', 's', 'image/webp', false, '😀'],
    ['sticker', 't', 'application/x-tgsticker', true, null],
  ]);
});

test('location, venue, shared contact, forwarded text, and a type we cannot show', () => {
  const [loc] = parse(message({ location: { latitude: -23.5, longitude: -46.6 } }));
  assert.deepEqual(loc?.kind === 'message' && loc.content, { kind: 'location', location: { latitude: -23.5, longitude: -46.6 } });
  const [venue] = parse(message({ venue: { location: { latitude: 1, longitude: 2 }, title: 'Loja', address: 'Rua 1' }, location: { latitude: 1, longitude: 2 } }));
  assert.deepEqual(venue?.kind === 'message' && [venue.text, venue.content?.location], ['Loja, Rua 1', { latitude: 1, longitude: 2, name: 'Loja', address: 'Rua 1' }]);
  const [card] = parse(message({ contact: { phone_number: '+5511999999999', first_name: 'Ana' } }));
  assert.deepEqual(card?.kind === 'message' && card.content, { kind: 'contacts', contacts: [{ phone_number: '+5511999999999', first_name: 'Ana' }] });
  const [fwd] = parse(message({ text: 'fwd', forward_origin: { type: 'user', date: 1, sender_user: from } }));
  assert.deepEqual(fwd?.kind === 'message' && [fwd.text, fwd.content], ['fwd', { kind: 'text', forwarded: 'forwarded' }]);
  const [poll] = parse(message({ poll: { id: 'p', question: 'Q?', options: [] } }));
  assert.deepEqual(poll?.kind === 'message' && poll.content, { kind: 'unsupported', providerType: 'poll' });
});

test('an edited message keeps its id and takes the edit time', () => {
  const [edit] = parse(message({ text: 'fixed typo', edit_date: 1631132999 }, 'edited_message'));
  assert.deepEqual(edit, { kind: 'edited', contact: sojan, targetExternalId: '23:9', text: 'fixed typo', at: new Date(1631132999 * 1000) });
});

test('a button press (callback_query) is a choice replying to the message that carried the button', () => {
  const [press] = parse({ update_id: 8, callback_query: { id: '4382', from, chat_instance: '-1', data: 'track_order', message: { message_id: 5, chat, date: 1 } } });
  assert.deepEqual(press, {
    kind: 'message',
    externalId: 'callback:4382',
    contact: sojan,
    text: 'track_order',
    content: { kind: 'choice', choice: { kind: 'button', id: 'track_order', title: 'track_order' } },
    replyToExternalId: '23:5',
  });
});

test('a reaction names the message; removing it gives a null emoji', () => {
  const update = (emojis: string[]) => ({
    update_id: 11,
    message_reaction: { chat, message_id: 4, user: from, date: 5, old_reaction: [], new_reaction: emojis.map((emoji) => ({ type: 'emoji', emoji })) },
  });
  const [added] = parse(update(['👍']));
  assert.deepEqual(added?.kind === 'message' && added.content, { kind: 'reaction', reaction: { emoji: '👍', targetExternalId: '23:4' } });
  const [removed] = parse(update([]));
  assert.deepEqual(removed?.kind === 'message' && removed.content?.reaction, { emoji: null, targetExternalId: '23:4' });
});

test('group traffic, bot membership changes and unknown update kinds are notices, never messages', () => {
  const notices = [
    { update_id: 1, message: { message_id: 1, from, chat: { id: -100, type: 'supergroup', title: 'G' }, date: 1, text: 'hi' } },
    { update_id: 2, my_chat_member: { chat, from, date: 1, old_chat_member: { status: 'member' }, new_chat_member: { status: 'kicked', user: from } } },
    { update_id: 3, poll_answer: { poll_id: 'p' } },
  ].map((u) => parse(u)[0]);
  assert.deepEqual(
    notices.map((n) => n?.kind === 'notice' && n.code),
    ['not_private', 'bot_kicked', 'ignored_update'],
  );
});

test('a body that is not an Update is invalid_payload with the path of the problem', () => {
  assert.throws(() => parseTelegramUpdate(Buffer.from('not json')), (err: AppError) => err.code === 'invalid_payload');
  assert.throws(
    () => parse({ update_id: 'x', message: { chat } }),
    (err: AppError) => err.code === 'invalid_payload' && (err.details as { path: string }[]).some((d) => d.path === 'body.update_id'),
  );
});
