import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fill, renderApp, stubApi } from '../../test/render';
import { ChannelForm } from './ChannelForm';
import { fromEmailConfig, toEmailConfig } from './emailConfig';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('email channel settings', () => {
  it('CH-1 connects a Gmail mailbox from one address and app password: TLS ports, the address as login for both servers', async () => {
    const api = stubApi({
      'POST /api/v1/channels': () => [201, { id: '9', type: 'email', name: 'Support', status: 'connected', inboundUrl: 'http://app/webhooks/email/9', secret: 'cvh_x', capabilities: {} }],
    });
    await renderApp(<ChannelForm kind="email" onClose={() => undefined} />);
    fill('Name', 'Support');
    fill('Email address', 'help@acme.example');
    fill('Sender name', 'Acme Support');
    fill('IMAP server', 'imap.gmail.com');
    fill('SMTP server', 'smtp.gmail.com');
    fill('Password', 'abcd efgh ijkl mnop');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await screen.findByText(/The mailbox is connected/);
    expect(api.sentTo('POST /api/v1/channels')[0]).toEqual({
      type: 'email',
      name: 'Support',
      config: {
        fromAddress: 'help@acme.example',
        fromName: 'Acme Support',
        imap: { host: 'imap.gmail.com', port: 993, secure: true, user: 'help@acme.example', password: 'abcd efgh ijkl mnop' },
        smtp: { host: 'smtp.gmail.com', port: 465, secure: true, user: 'help@acme.example', password: 'abcd efgh ijkl mnop' },
      },
    });
    // Nothing to copy: no webhook URL or secret is shown.
    expect(screen.queryByText('cvh_x')).toBeNull();
  });

  it('STARTTLS ports and another login are kept through an edit; settings the form does not show stay', () => {
    const config = toEmailConfig(
      { fromAddress: 'help@acme.example', imapHost: 'mail.acme.example', imapPort: '143', smtpHost: 'mail.acme.example', smtpPort: '587', mailUser: 'help', mailPassword: 'pw' },
      { mailbox: 'Support', fromName: 'Old name' },
    );
    expect(config).toEqual({
      mailbox: 'Support',
      fromAddress: 'help@acme.example',
      imap: { host: 'mail.acme.example', port: 143, secure: false, user: 'help', password: 'pw' },
      smtp: { host: 'mail.acme.example', port: 587, secure: false, user: 'help', password: 'pw' },
    });
    expect(fromEmailConfig(config)).toEqual({
      fromAddress: 'help@acme.example',
      fromName: '',
      imapHost: 'mail.acme.example',
      smtpHost: 'mail.acme.example',
      mailUser: 'help',
      mailPassword: 'pw',
      imapPort: '143',
      smtpPort: '587',
    });
  });
});
