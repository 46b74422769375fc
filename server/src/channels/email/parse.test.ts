import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sanitizeEmailHtml } from './html.js';
import { emailEvent, parseEmail } from './parse.js';
import { splitQuoted } from './quoted.js';

// PROVIDERS.md §6: the constructed RFC 5322 fixtures (LF on disk; CRLF on the wire, which the parser reads alike).
const fixture = (name: string) => readFileSync(new URL(`../../../test/provider-fixtures/email/${name}.eml`, import.meta.url));

test('CH-2 a first mail: the sender is the contact, the Message-ID the external id, subject and both bodies kept', async () => {
  const parsed = await parseEmail(fixture('inbound_first'), '<fallback@x>');
  assert.deepEqual(parsed.from, { address: 'jane@customer.example', name: 'Jane Customer' });
  assert.equal(parsed.messageId, '<CAF=abc123.def456@mail.customer.example>');
  assert.deepEqual(parsed.sentAt, new Date('2024-06-03T10:15:00Z'));
  assert.equal(parsed.text, 'Hi, my order arrived damaged. Can you help?');
  assert.deepEqual(parsed.email, {
    subject: 'Order #1234 arrived damaged',
    messageId: '<CAF=abc123.def456@mail.customer.example>',
    html: '<p>Hi, my order arrived damaged. Can you help?</p>',
  });
  assert.deepEqual(emailEvent({ ...parsed, from: parsed.from! }, []), {
    kind: 'message',
    externalId: '<CAF=abc123.def456@mail.customer.example>',
    contact: { externalId: 'jane@customer.example', email: 'jane@customer.example', name: 'Jane Customer' },
    text: 'Hi, my order arrived damaged. Can you help?',
    content: { kind: 'text', email: parsed.email },
    replyToExternalId: undefined,
    sentAt: new Date('2024-06-03T10:15:00Z'),
  });
});

test('CH-2 a reply keeps In-Reply-To (which names the message it answers) and References in order', async () => {
  const parsed = await parseEmail(fixture('outbound_agent_reply'), '<fallback@x>');
  assert.equal(parsed.email.inReplyTo, '<CAF=abc123.def456@mail.customer.example>');
  assert.deepEqual(parsed.email.references, ['<CAF=abc123.def456@mail.customer.example>']);
  assert.equal(parsed.email.subject, 'Re: Order #1234 arrived damaged');
  assert.equal(parsed.email.html, undefined);

  const many = await parseEmail(
    Buffer.from('From: a@b.example\r\nMessage-ID: <3@b>\r\nIn-Reply-To: <2@b> (sent by B)\r\nReferences: <1@b>\r\n <2@b> <1@b>\r\n\r\nok\r\n'),
    '<fallback@x>',
  );
  assert.equal(many.email.inReplyTo, '<2@b>');
  assert.deepEqual(many.email.references, ['<1@b>', '<2@b>']);
});

test('CH-2 a mail without Message-ID gets the stand-in id; one without sender names none; an HTML-only mail gets a text', async () => {
  const bare = await parseEmail(Buffer.from('Subject: hi\r\nContent-Type: text/html\r\n\r\n<p>Only <b>HTML</b> here</p>\r\n'), '<imap.1.7@conversa.invalid>');
  assert.equal(bare.messageId, '<imap.1.7@conversa.invalid>');
  assert.equal(bare.email.messageId, '<imap.1.7@conversa.invalid>');
  assert.equal(bare.from, undefined);
  assert.equal(bare.text, 'Only HTML here');
});

test('quoted history is split off in the forms mail clients write it', () => {
  const cases: [string, string, string][] = [
    ['Thanks!\n\nOn Mon, 3 Jun 2024 at 10:20, Acme <s@acme.test> wrote:\n> Sorry to hear that.', 'Thanks!', 'On Mon, 3 Jun 2024 at 10:20, Acme <s@acme.test> wrote:\n> Sorry to hear that.'],
    // Gmail wraps a long attribution line.
    ['Gracias\n\nOn Mon, 3 Jun 2024 at 10:20, Acme Support Team of the Shop <support@acme.test>\nwrote:\n> Hola', 'Gracias', 'On Mon, 3 Jun 2024 at 10:20, Acme Support Team of the Shop <support@acme.test>\nwrote:\n> Hola'],
    ['Gracias\n\nEl lun, 3 jun 2024 a las 10:20, Acme (<s@acme.test>) escribió:\n> Hola', 'Gracias', 'El lun, 3 jun 2024 a las 10:20, Acme (<s@acme.test>) escribió:\n> Hola'],
    ['Obrigada\n\nEm seg., 3 de jun. de 2024 às 10:20, Acme <s@acme.test> escreveu:\n> Olá', 'Obrigada', 'Em seg., 3 de jun. de 2024 às 10:20, Acme <s@acme.test> escreveu:\n> Olá'],
    ['Fine\r\n\r\n-----Original Message-----\r\nFrom: Acme\r\nSent: Monday', 'Fine', '-----Original Message-----\nFrom: Acme\nSent: Monday'],
    ['See below\n\n________________________________\nFrom: Acme <s@acme.test>', 'See below', '________________________________\nFrom: Acme <s@acme.test>'],
    ['Yes\n> earlier\n>\n> words\n', 'Yes', '> earlier\n>\n> words'],
  ];
  for (const [text, reply, quoted] of cases) assert.deepEqual(splitQuoted(text), { reply, quoted }, text);
  // Interleaved answers keep everything; a forward that is only a quote is kept whole.
  assert.deepEqual(splitQuoted('> question 1\nanswer 1\n> question 2\nanswer 2'), { reply: '> question 1\nanswer 1\n> question 2\nanswer 2' });
  assert.deepEqual(splitQuoted('On Mon wrote:\n> all of it'), { reply: 'On Mon wrote:\n> all of it' });
  assert.deepEqual(splitQuoted('Plain\n-- \nJane'), { reply: 'Plain\n-- \nJane' });
});

test('HTML is made inert: scripts, handlers, frames, forms, styles and remote loads go; layout and safe links stay', () => {
  const html = sanitizeEmailHtml(
    '<html><head><style>body{background:url(https://t.example/a.gif)}</style><title>x</title></head><body>' +
      '<table width="600" cellpadding="0"><tr><td bgcolor="#ffffff" style="color:#333;padding:4px">Hi <u>Jane</u></td></tr></table>' +
      '<img src="HTTPS://t.example/open.gif"><img src="//t.example/proto.gif"><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">' +
      '<img src="data:image/svg+xml;base64,PHN2Zz4=">' +
      '<img src="cid:%3CLogo@Shop%3E"><img src="cid:unknown@x">' +
      '<a href="mailto:help@acme.test">mail</a><a href="vbscript:x">v</a><form action="https://e.example"><input name="p"></form>' +
      '<object data="https://e.example/x.swf"></object><svg onload="alert(1)"></svg><base href="https://e.example/">' +
      '<p style="behavior:url(x.htc)">old</p><meta http-equiv="refresh" content="0;url=https://e.example"><link rel="stylesheet" href="https://e.example/s.css">' +
      '</body></html>',
    new Map([['<logo@shop>'.slice(1, -1), 3]]),
  );
  assert.equal(
    html,
    '<table width="600" cellpadding="0"><tr><td bgcolor="#ffffff" style="color:#333;padding:4px">Hi <u>Jane</u></td></tr></table>' +
      '<img data-remote-src="HTTPS://t.example/open.gif" /><img /><img alt="dot" src="data:image/png;base64,iVBORw0KGgo=" />' +
      '<img />' +
      '<img data-cid-index="3" /><img />' +
      '<a href="mailto:help@acme.test" target="_blank" rel="noopener noreferrer nofollow">mail</a><a target="_blank" rel="noopener noreferrer nofollow">v</a>' +
      '<p>old</p>',
  );
});
