import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type SentMessageInfo } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { freePort } from './harness.js';

/**
 * Real mail servers for email tests (STACK.md "Real mail servers"): Dovecot (IMAP, and LMTP for delivery) and Postfix
 * (SMTP on 127.0.0.1 handing the test domains to Dovecot over LMTP), run in the foreground from a temporary folder on
 * free ports, without systemd. Mailboxes are passwd-file users; mail to any other domain is refused, so nothing
 * leaves the machine. Needs Debian's dovecot-imapd, dovecot-lmtpd and postfix, and root (Postfix starts as root).
 */

export const MAIL_DOMAINS = ['acme.test', 'customer.test'];

export type MailServers = {
  imap: { host: string; port: number };
  smtp: { host: string; port: number };
  /**
   * Creates a mailbox (its address is its login for IMAP and SMTP); resolves once Dovecot takes the login (it reads its
   * user file again at most once a second).
   */
  addMailbox(address: string, password: string): Promise<void>;
  /** Changes a mailbox's password; resolves once Dovecot takes the new one (open sessions stay). */
  setPassword(address: string, password: string): Promise<void>;
  /** Ends the mailbox's IMAP sessions, as a server restart or a dropped network would. */
  kick(address: string): void;
  /** Sends a mail through Postfix as the mailbox `from` (logged in with its password), as a mail client would. */
  send(from: { address: string; password: string; name?: string }, message: Mail.Options): Promise<SentMessageInfo>;
  /** Every mail in a mailbox's INBOX, parsed, oldest first. */
  read(address: string, password: string): Promise<ParsedMail[]>;
  /** Dovecot's and Postfix's logs so far (for a failing test's message). */
  logs(): string;
  stop(): Promise<void>;
};

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];
const POSTFIX = ['/usr/sbin/postfix', '/usr/local/sbin/postfix'];
const DOVEADM = ['/usr/bin/doveadm', '/usr/local/bin/doveadm'];

/**
 * Why the mail servers cannot run here, or undefined when they can. Outside CI a test may skip for this reason; in CI
 * (`CI=true`) it must fail instead, so a missing install step is noticed.
 */
export function mailServersMissing(): string | undefined {
  const missing = [
    DOVECOT.find(existsSync) && DOVEADM.find(existsSync) ? undefined : 'dovecot',
    // dovecot-imapd and dovecot-lmtpd: the services Dovecot runs here.
    ['imap', 'lmtp'].every((service) => existsSync(`/usr/lib/dovecot/${service}`)) ? undefined : 'dovecot-imapd/dovecot-lmtpd',
    POSTFIX.find(existsSync) ? undefined : 'postfix',
  ].filter(Boolean);
  if (missing.length > 0) return `${missing.join(', ')} not installed (apt-get install dovecot-imapd dovecot-lmtpd postfix)`;
  if (process.getuid?.() !== 0) return 'Postfix and Dovecot must be started as root';
  return undefined;
}

/** `test()` options: skip with the reason outside CI when the servers cannot run; in CI the test runs and fails. */
export function mailServerTestOptions(): { skip?: string } {
  const missing = mailServersMissing();
  return missing && process.env.CI !== 'true' ? { skip: `real mail servers unavailable: ${missing}` } : {};
}

/**
 * Starts Dovecot and Postfix for this test file, with these mailboxes (address → password) ready at once; they are
 * stopped when the file ends.
 */
export async function startMailServers(mailboxes: Record<string, string> = {}): Promise<MailServers> {
  const missing = mailServersMissing();
  if (missing) throw new Error(`Cannot start the mail servers: ${missing}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'conversa-mail-'));
  // Postfix and Dovecot drop privileges: their users must reach the folder.
  chmodSync(dir, 0o755);
  const mailUser = idOf('mail');
  const [imapPort, lmtpPort, authPort, smtpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];

  const dovecotDir = path.join(dir, 'dovecot');
  const users = path.join(dovecotDir, 'users');
  const mailRoot = path.join(dir, 'mail');
  mkdirSync(path.join(dovecotDir, 'run'), { recursive: true });
  mkdirSync(path.join(dovecotDir, 'state'), { recursive: true });
  mkdirSync(mailRoot, { recursive: true });
  chownSync(mailRoot, mailUser.uid, mailUser.gid);
  const passwords = { ...mailboxes };
  const writeUsers = () =>
    writeFileSync(
      users,
      Object.entries(passwords)
        .map(([address, password]) => `${address}:{PLAIN}${password}:${mailUser.uid}:${mailUser.gid}::${path.join(mailRoot, address)}::\n`)
        .join(''),
    );
  writeUsers();
  writeFileSync(path.join(dovecotDir, 'dovecot.conf'), dovecotConf({ dir: dovecotDir, users, mailUid: mailUser.uid, imapPort, lmtpPort, authPort }));

  const postfixDir = path.join(dir, 'postfix');
  for (const sub of ['conf', 'queue', 'data']) mkdirSync(path.join(postfixDir, sub), { recursive: true });
  chownSync(path.join(postfixDir, 'data'), idOf('postfix').uid, idOf('postfix').gid);
  writeFileSync(path.join(postfixDir, 'conf', 'main.cf'), postfixMain({ dir: postfixDir, lmtpPort, authPort }));
  writeFileSync(path.join(postfixDir, 'conf', 'master.cf'), postfixMaster(smtpPort));

  const log = path.join(dir, 'servers.log');
  // A file, not a pipe: Postfix opens /dev/stdout for its log, which fails on node's pipes (sockets) and stops it.
  const logFd = openSync(log, 'a');
  const processes: ChildProcess[] = [];
  const run = (file: string, args: string[]) => {
    const child = spawn(file, args, { stdio: ['ignore', logFd, logFd] });
    processes.push(child);
    return child;
  };
  const dovecot = DOVECOT.find(existsSync)!;
  const postfix = POSTFIX.find(existsSync)!;
  const doveadm = DOVEADM.find(existsSync)!;
  run(dovecot, ['-F', '-c', path.join(dovecotDir, 'dovecot.conf')]);
  run(postfix, ['-c', path.join(postfixDir, 'conf'), 'start-fg']);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    spawnSync(postfix, ['-c', path.join(postfixDir, 'conf'), 'stop'], { stdio: 'ignore' });
    for (const child of processes) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(processes.map((child) => exited(child, 5_000)));
    closeSync(logFd);
    rmSync(dir, { recursive: true, force: true });
  };
  after(stop);

  try {
    await Promise.all([waitForPort(imapPort), waitForPort(smtpPort), waitForPort(lmtpPort)]);
  } catch (err) {
    const output = readFileSync(log, 'utf8');
    await stop();
    throw new Error(`${(err as Error).message}\n${output}`);
  }

  return {
    imap: { host: '127.0.0.1', port: imapPort },
    smtp: { host: '127.0.0.1', port: smtpPort },
    kick(address) {
      const kicked = spawnSync(doveadm, ['-c', path.join(dovecotDir, 'dovecot.conf'), 'kick', address], { encoding: 'utf8' });
      if (kicked.status !== 0) throw new Error(`doveadm kick ${address} failed: ${kicked.stderr}`);
    },
    async send(from, message) {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, auth: { user: from.address, pass: from.password } });
      try {
        return await transport.sendMail({ from: { name: from.name ?? '', address: from.address }, ...message });
      } finally {
        transport.close();
      }
    },
    async read(address, password) {
      const imap = new ImapFlow({ host: '127.0.0.1', port: imapPort, secure: false, auth: { user: address, pass: password }, logger: false });
      imap.on('error', () => {});
      await imap.connect();
      try {
        const box = await imap.mailboxOpen('INBOX', { readOnly: true });
        if (box.exists === 0) return [];
        const found = await imap.fetchAll('1:*', { uid: true, source: true });
        return Promise.all(found.map((m) => simpleParser(m.source!)));
      } finally {
        await imap.logout();
      }
    },
    async addMailbox(address, password) {
      passwords[address] = password;
      writeUsers();
      await loginWorks(imapPort, address, password);
    },
    async setPassword(address, password) {
      passwords[address] = password;
      writeUsers();
      await loginWorks(imapPort, address, password);
    },
    logs: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
    stop,
  };
}

function dovecotConf(o: { dir: string; users: string; mailUid: number; imapPort: number; lmtpPort: number; authPort: number }) {
  return `base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
instance_name = conversa-test-${path.basename(path.dirname(o.dir))}
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Refused logins answer at once (the default waits 2 s), and they add no penalty to later logins from 127.0.0.1:
# Dovecot's anvil otherwise delays every login from an address after failed ones by 2, 4, 8 then 15 s, which the
# tests that try wrong passwords would carry into the ones after them.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
log_path = /dev/stderr
mail_location = maildir:~/Maildir
first_valid_uid = ${o.mailUid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${o.users}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${o.users}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${o.imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${o.lmtpPort}
  }
}
# Postfix checks SMTP logins against the same users.
service auth {
  inet_listener {
    address = 127.0.0.1
    port = ${o.authPort}
  }
}
protocol lmtp {
  postmaster_address = postmaster@${MAIL_DOMAINS[0]}
}
`;
}

function postfixMain(o: { dir: string; lmtpPort: number; authPort: number }) {
  return `compatibility_level = 3.6
queue_directory = ${o.dir}/queue
data_directory = ${o.dir}/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.${MAIL_DOMAINS[0]}
mydestination =
mynetworks = 127.0.0.0/8
relay_domains =
virtual_mailbox_domains = ${MAIL_DOMAINS.join(' ')}
virtual_transport = lmtp:inet:127.0.0.1:${o.lmtpPort}
# Nothing leaves the machine: mail to any other domain is refused.
default_transport = error:outside mail is not delivered in tests
relay_transport = error:outside mail is not delivered in tests
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:${o.authPort}
maillog_file = /dev/stdout
smtputf8_enable = no
biff = no
`;
}

/** Postfix's services with chroot off (the temporary folder holds no chroot jail); SMTP on 127.0.0.1 only. */
function postfixMaster(smtpPort: number) {
  return `127.0.0.1:${smtpPort} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
lmtp      unix  - - n - - lmtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
`;
}

/** Waits until Dovecot takes this login (after its user file changed). */
async function loginWorks(port: number, user: string, pass: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.logout();
      return;
    } catch (err) {
      client.close();
      if (Date.now() > deadline) throw new Error(`Dovecot does not take the login of ${user}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function idOf(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`No system user "${user}" (installed with Dovecot/Postfix)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitForPort(port: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Mail server port ${port} did not open within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exited(child: ChildProcess, timeoutMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
