import nodemailer from 'nodemailer';
import { SendError } from '../types.js';
import type { MailServer } from './payloads.js';

export type OutgoingMail = {
  messageId: string;
  from: { address: string; name?: string };
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
  attachment?: { filename: string; contentType: string; content: Buffer };
};

function transportFor(server: MailServer, timeoutMs: number) {
  return nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.secure,
    auth: { user: server.user, pass: server.password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}

/** Connect-time check: the server answers and takes the login (RFC 5321 EHLO, then AUTH). */
export async function verifySmtp(server: MailServer, timeoutMs: number): Promise<void> {
  const transport = transportFor(server, timeoutMs);
  try {
    await transport.verify();
  } catch (err) {
    throw smtpError(err);
  } finally {
    transport.close();
  }
}

/** Submits one mail (PROVIDERS.md §6: MAIL FROM, RCPT TO, DATA); the server's refusal comes back as a SendError. */
export async function submitMail(server: MailServer, mail: OutgoingMail, timeoutMs: number): Promise<void> {
  const transport = transportFor(server, timeoutMs);
  try {
    await transport.sendMail({
      messageId: mail.messageId,
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      ...(mail.attachment ? { attachments: [mail.attachment] } : {}),
    });
  } catch (err) {
    throw smtpError(err);
  } finally {
    transport.close();
  }
}

/**
 * A refused login disconnects the channel; a reply code says whether to retry (4xx) or not (5xx), and either way the
 * server did not take the message. Without a reply only a connection that never opened proves nothing was sent.
 */
function smtpError(err: unknown): SendError {
  const e = err as Error & { code?: string; responseCode?: number; response?: string; command?: string };
  const text = e.response ?? e.message;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') return new SendError('permanent', 'smtp_auth_failed', `SMTP login refused: ${text}`, { credentialsRejected: true });
  if (e.code === 'ETLS') return new SendError('permanent', 'smtp_tls_failed', `SMTP TLS failed: ${text}`);
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    return new SendError(e.responseCode >= 500 ? 'permanent' : 'transient', `smtp_${e.responseCode}`, text, { notSent: true });
  }
  // nodemailer names the step that failed: CONN is before the greeting (refused, unknown host, TLS timeout).
  return new SendError('transient', 'smtp_unreachable', `SMTP server: ${text}`, { notSent: e.command === 'CONN' });
}
