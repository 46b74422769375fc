import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';

export type Mail = { to: string; subject: string; text: string };

/** How the product's own mail (one-time codes) leaves: the configured SMTP server, or none. */
export type Mailer = {
  /** Whether mail can be sent at all; a production node without SMTP_URL cannot. */
  readonly ready: boolean;
  send(mail: Mail): Promise<void>;
};

/**
 * SMTP when `SMTP_URL` is set. Without it, development and test nodes write each mail to the log instead (the
 * embedded setup has no mail server; the code is read from the terminal), and production nodes send nothing.
 */
export function createMailer(config: Config, log: Logger): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      ready: true,
      async send(mail) {
        await transport.sendMail({ from: config.mailFrom, ...mail });
      },
    };
  }
  if (config.env === 'production') {
    return {
      ready: false,
      async send() {
        throw new Error('no SMTP_URL configured');
      },
    };
  }
  return {
    ready: true,
    async send(mail) {
      log.warn({ mail }, 'SMTP_URL is not set: this mail was written here instead of sent');
    },
  };
}
