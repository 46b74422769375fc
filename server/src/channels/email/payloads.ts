import { z } from 'zod';

/** A host name or an IPv4/IPv6 literal, without scheme or port. */
const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:\-[\]]+$/, 'must be a host name such as imap.gmail.com');

const server = (defaultPort: number) =>
  z.strictObject({
    host,
    port: z.number().int().min(1).max(65535).default(defaultPort),
    /** TLS from the first byte (IMAP 993, SMTP 465). false: plain, upgraded with STARTTLS when the server offers it. */
    secure: z.boolean().default(true),
    user: z.string().min(1).max(320),
    password: z.string().min(1).max(1000),
  });

/**
 * An email channel: the mailbox read over IMAP and the server replies are submitted to over SMTP (PROVIDERS.md §6).
 * Gmail: imap.gmail.com:993 and smtp.gmail.com:465, both secure, with the address as user and an app password.
 */
export const emailConfigSchema = z.strictObject({
  imap: server(993),
  smtp: server(465),
  /** The address replies are sent from (and the domain of our Message-IDs). */
  fromAddress: z.email().max(320),
  fromName: z.string().trim().min(1).max(100).optional(),
  /** The folder read for new mail. */
  mailbox: z.string().trim().min(1).max(200).default('INBOX'),
});
export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type MailServer = EmailConfig['imap'];
