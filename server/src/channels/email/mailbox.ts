import { ImapFlow, type FetchMessageObject } from 'imapflow';
import { SendError } from '../types.js';
import type { EmailConfig, MailServer } from './payloads.js';

/** Servers may log a client off after 30 minutes without a command: IDLE is re-issued before (RFC 2177, PROVIDERS.md §6). */
const IDLE_RESTART_MS = 25 * 60_000;
const WATCH_TIMEOUT_MS = 30_000;
/** Mail above this is recorded from its headers alone (with an error saying so): it is not downloaded. */
export const MAX_EMAIL_BYTES = 40 * 1024 * 1024;

/** Where reading a mailbox resumes: UIDs are only meaningful within one UIDVALIDITY (RFC 3501 §2.3.1.1). */
export type MailboxPosition = { uidValidity: string; lastUid: number; syncedAt: string };

/** One message read from the mailbox: its whole source, or only its headers when it is over MAX_EMAIL_BYTES. */
export type FetchedMail = { uid: number; source: Buffer; tooLarge: boolean };

/**
 * Called for each new message in UID order, and with null when only the position moved; resolves once recorded, so a
 * position is never saved ahead of what was recorded.
 */
export type MailHandler = (mail: FetchedMail | null, position: MailboxPosition) => Promise<void>;

function clientFor(server: MailServer, timeoutMs: number, watching: boolean) {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.secure,
    auth: { user: server.user, pass: server.password },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    // IDLE is entered by the watch loop itself, at once (the automatic one waits 15 s after each command), and
    // restarted by imapflow before the 29-minute limit.
    disableAutoIdle: true,
    ...(watching ? { maxIdleTime: IDLE_RESTART_MS } : {}),
  });
  // Failures surface through the command that was running or the 'close' event; an unheard 'error' would crash.
  client.on('error', () => {});
  return client;
}

/** Connect-time check: the server answers, takes the login and has the folder. */
export async function checkMailbox(config: EmailConfig, timeoutMs: number): Promise<void> {
  const client = clientFor(config.imap, timeoutMs, false);
  try {
    await client.connect();
    await client.mailboxOpen(config.mailbox, { readOnly: true }).catch((err: Error & { responseText?: string }) => {
      throw new SendError('permanent', 'imap_mailbox_not_found', `The IMAP server has no folder "${config.mailbox}": ${err.responseText ?? err.message}`);
    });
    await client.logout();
  } catch (err) {
    throw imapError(err);
  } finally {
    client.close();
  }
}

/**
 * Reads the mailbox until `signal` aborts: first what arrived since `start` (the cursor, or mail received since the
 * channel was connected), then each new message as IDLE announces it. Opened read-only, so nothing is marked seen.
 * Rejects when the connection fails or is lost (a refused login: SendError with `credentialsRejected`).
 */
export async function watchMailbox(config: EmailConfig, start: { cursor: MailboxPosition | null; since: Date }, handle: MailHandler, signal: AbortSignal): Promise<void> {
  const client = clientFor(config.imap, WATCH_TIMEOUT_MS, true);
  let changes = 0;
  client.on('exists', () => {
    changes++;
    // Any command ends IDLE, so the loop below goes on to read what arrived.
    if (client.idling) client.noop().catch(() => {});
  });
  // What the handler throws (a database failure, a lost lease) is the caller's own error, not the server's.
  let handlerError: unknown;
  const record: MailHandler = (mail, position) =>
    handle(mail, position).catch((err: unknown) => {
      handlerError = err;
      throw err;
    });
  const stop = () => void client.logout().catch(() => client.close());
  signal.addEventListener('abort', stop, { once: true });
  try {
    await client.connect();
    const mailbox = await client.mailboxOpen(config.mailbox, { readOnly: true });
    const uidValidity = String(mailbox.uidValidity);
    const { cursor } = start;
    // Never read, or the server renumbered the folder: everything received since then is looked at again (a message
    // already recorded is skipped by its Message-ID). Otherwise the loop's first reading catches up by UID.
    let position =
      cursor?.uidValidity === uidValidity
        ? { uidValidity, lastUid: cursor.lastUid }
        : await readReceivedSince(client, cursor ? new Date(cursor.syncedAt) : start.since, uidValidity, (mailbox.uidNext ?? 1) - 1, record, signal);
    while (!signal.aborted) {
      const seen = changes;
      position = await readSince(client, position, record, signal);
      if (signal.aborted || changes !== seen) continue;
      await client.idle();
      if (!client.usable && !signal.aborted) throw new SendError('transient', 'imap_connection_lost', 'The IMAP server closed the connection.');
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err === handlerError ? err : imapError(err);
  } finally {
    signal.removeEventListener('abort', stop);
    client.close();
  }
}

/** The messages after `position.lastUid`, in order; returns the new position. */
async function readSince(client: ImapFlow, position: { uidValidity: string; lastUid: number }, handle: MailHandler, signal: AbortSignal) {
  // `n:*` always names the newest message, even when its UID is below n (RFC 3501 §6.4.8): filtered out below.
  const found = await client.fetchAll(`${position.lastUid + 1}:*`, { uid: true, size: true }, { uid: true });
  let lastUid = position.lastUid;
  for (const meta of found.filter((m) => m.uid > position.lastUid).sort((a, b) => a.uid - b.uid)) {
    if (signal.aborted) break;
    await readOne(client, meta, { uidValidity: position.uidValidity, lastUid: meta.uid }, handle);
    lastUid = meta.uid;
  }
  return { uidValidity: position.uidValidity, lastUid };
}

/** First reading: the messages the server received at or after `since`; the position then moves past all older UIDs. */
async function readReceivedSince(client: ImapFlow, since: Date, uidValidity: string, lastUidAtOpen: number, handle: MailHandler, signal: AbortSignal) {
  // SEARCH SINCE compares dates in the server's time zone: a day earlier, then exact times below.
  const uids = (await client.search({ since: new Date(since.getTime() - 86_400_000) }, { uid: true })) || [];
  const found = uids.length > 0 ? await client.fetchAll(uids.join(','), { uid: true, size: true, internalDate: true }, { uid: true }) : [];
  for (const meta of found.sort((a, b) => a.uid - b.uid)) {
    if (signal.aborted) break;
    if (meta.internalDate && new Date(meta.internalDate) < since) continue;
    await readOne(client, meta, { uidValidity, lastUid: meta.uid }, handle);
  }
  const position = { uidValidity, lastUid: Math.max(lastUidAtOpen, ...found.map((m) => m.uid)) };
  if (!signal.aborted) await handle(null, stamp(position));
  return position;
}

async function readOne(client: ImapFlow, meta: FetchMessageObject, position: { uidValidity: string; lastUid: number }, handle: MailHandler) {
  const tooLarge = (meta.size ?? 0) > MAX_EMAIL_BYTES;
  // `source` is fetched with BODY.PEEK[]: the message stays unread for people who also use the mailbox.
  const message = await client.fetchOne(String(meta.uid), tooLarge ? { uid: true, headers: true } : { uid: true, source: true }, { uid: true });
  if (!message) return;
  const source = tooLarge ? message.headers : message.source;
  if (!source) return;
  await handle({ uid: meta.uid, source, tooLarge }, stamp(position));
}

const stamp = (position: { uidValidity: string; lastUid: number }): MailboxPosition => ({ ...position, syncedAt: new Date().toISOString() });

/** imapflow's failures as SendErrors: a refused login is the admin's to fix; anything else is retried. */
function imapError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as Error & { authenticationFailed?: boolean; responseText?: string; code?: string };
  if (e.authenticationFailed) return new SendError('permanent', 'imap_auth_failed', `IMAP login refused: ${e.responseText ?? e.message}`, { credentialsRejected: true });
  return new SendError('transient', 'imap_unreachable', `IMAP server: ${e.responseText ?? e.message}${e.code ? ` (${e.code})` : ''}`);
}
