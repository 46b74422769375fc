import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmailInfo, MessageAttachment } from '../../api';
import { renderApp } from '../../test/render';
import { EmailExtras, EmailSubject, emailDocument } from './EmailContent';

afterEach(cleanup);

const logo: MessageAttachment = { type: 'image', mimeType: 'image/png', filename: 'logo.png', size: 10, url: '/api/v1/messages/5/attachments/0' };
const email: EmailInfo = {
  subject: 'Invoice question',
  messageId: '<a@b>',
  quotedText: 'On Mon wrote:\n> Here is your invoice.',
  html: '<p>Could you resend it?</p><img data-cid-index="0" /><img data-remote-src="https://tracker.example/p.gif" />',
};

describe('an email in the conversation', () => {
  it('IN-6 shows the subject, the quoted history and the original formatting only on request', async () => {
    await renderApp(
      <>
        <EmailSubject email={email} />
        <EmailExtras email={email} attachments={[logo]} />
      </>,
    );
    expect(screen.getByText('Invoice question')).toBeTruthy();
    expect(screen.queryByText(/Here is your invoice/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show quoted text' }));
    expect(screen.getByText(/Here is your invoice/)).toBeTruthy();

    expect(document.querySelector('iframe')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show original formatting' }));
    const frame = document.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).toBe('allow-same-origin allow-popups allow-popups-to-escape-sandbox');
    expect(frame.getAttribute('srcdoc')).not.toMatch(/\ssrc="https:\/\/tracker/);
    expect(screen.getByText(/Remote images are blocked/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load images' }));
    expect(document.querySelector('iframe')!.getAttribute('srcdoc')).toContain('src="https://tracker.example/p.gif"');
  });

  it('a mail without subject says so', async () => {
    await renderApp(<EmailSubject email={{ ...email, subject: null }} />);
    expect(screen.getByText('(no subject)')).toBeTruthy();
  });

  it('the frame document points inline images at their attachment and forbids every other load until asked', () => {
    const blocked = emailDocument(email.html!, [logo], false);
    expect(blocked).toContain(`<img data-cid-index="0" src="${logo.url}">`);
    expect(blocked).not.toMatch(/\ssrc="https:/);
    expect(blocked).toContain(`content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"`);
    const allowed = emailDocument(email.html!, [logo], true);
    expect(allowed).toContain("img-src 'self' data: https: http:");
  });
});
