import type { FormValues } from './channelKinds';

/**
 * The email channel's form is flat (one login for both servers, as Gmail's app password and most mailboxes have),
 * its config nested (`imap` and `smtp`, each with host, port, TLS, login). TLS from the first byte on the implicit-TLS
 * ports (993, 465); on any other port the server upgrades with STARTTLS when it offers it.
 */
const IMAP_PORT = 993;
const SMTP_PORT = 465;
const IMPLICIT_TLS = [IMAP_PORT, SMTP_PORT];

export function toEmailConfig(values: FormValues, base: Record<string, unknown> = {}): Record<string, unknown> {
  const value = (key: keyof FormValues) => (values[key] ?? '').trim();
  const fromAddress = value('fromAddress');
  const user = value('mailUser') || fromAddress;
  const password = values.mailPassword ?? '';
  const server = (host: string, port: string, defaultPort: number) => {
    const number = port ? Number(port) : defaultPort;
    return { host, port: number, secure: IMPLICIT_TLS.includes(number), user, password };
  };
  const { fromName: _previous, ...kept } = base;
  const fromName = value('fromName');
  return {
    ...kept,
    fromAddress,
    ...(fromName ? { fromName } : {}),
    imap: server(value('imapHost'), value('imapPort'), IMAP_PORT),
    smtp: server(value('smtpHost'), value('smtpPort'), SMTP_PORT),
  };
}

export function fromEmailConfig(config: Record<string, unknown>): FormValues {
  const imap = (config.imap ?? {}) as Record<string, unknown>;
  const smtp = (config.smtp ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const port = (v: unknown, standard: number) => (typeof v === 'number' && v !== standard ? String(v) : '');
  const fromAddress = text(config.fromAddress);
  return {
    fromAddress,
    fromName: text(config.fromName),
    imapHost: text(imap.host),
    smtpHost: text(smtp.host),
    mailUser: text(imap.user) === fromAddress ? '' : text(imap.user),
    mailPassword: text(imap.password),
    imapPort: port(imap.port, IMAP_PORT),
    smtpPort: port(smtp.port, SMTP_PORT),
  };
}
