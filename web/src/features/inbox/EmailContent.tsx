import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailInfo, MessageAttachment } from '../../api';
import { Button } from '../../components';

/** An email's subject, at the top of its bubble. */
export function EmailSubject({ email }: { email: EmailInfo }) {
  const { t } = useTranslation();
  return <p className="msg__subject">{email.subject || t('console.email.noSubject')}</p>;
}

/**
 * Below an email's text (which the server stripped of quoted history): the quoted history, and the original
 * formatting, each on request. The HTML (already sanitised by the server) is shown in a sandboxed frame that runs no
 * script and, by its content security policy, loads nothing from elsewhere until remote images are asked for.
 */
export function EmailExtras({ email, attachments }: { email: EmailInfo; attachments?: MessageAttachment[] }) {
  const { t } = useTranslation();
  const [quoted, setQuoted] = useState(false);
  const [formatted, setFormatted] = useState(false);
  if (!email.quotedText && !email.html) return null;
  return (
    <div className="msg__email">
      <div className="msg__email-actions">
        {email.quotedText ? (
          <Button size="sm" variant="ghost" aria-expanded={quoted} onClick={() => setQuoted((v) => !v)}>
            {quoted ? t('console.email.hideQuoted') : t('console.email.showQuoted')}
          </Button>
        ) : null}
        {email.html ? (
          <Button size="sm" variant="ghost" aria-expanded={formatted} onClick={() => setFormatted((v) => !v)}>
            {formatted ? t('console.email.hideFormatted') : t('console.email.showFormatted')}
          </Button>
        ) : null}
      </div>
      {quoted ? <pre className="msg__quoted">{email.quotedText}</pre> : null}
      {formatted && email.html ? <EmailFrame html={email.html} attachments={attachments} /> : null}
    </div>
  );
}

function EmailFrame({ html, attachments }: { html: string; attachments?: MessageAttachment[] }) {
  const { t } = useTranslation();
  const [remote, setRemote] = useState(false);
  const [height, setHeight] = useState(120);
  const frame = useRef<HTMLIFrameElement>(null);
  const hasRemote = html.includes('data-remote-src=');
  const srcDoc = useMemo(() => emailDocument(html, attachments ?? [], remote), [html, attachments, remote]);
  return (
    <>
      {hasRemote && !remote ? (
        <p className="msg__email-blocked">
          {t('console.email.imagesBlocked')}{' '}
          <Button size="sm" variant="ghost" onClick={() => setRemote(true)}>
            {t('console.email.loadImages')}
          </Button>
        </p>
      ) : null}
      <iframe
        ref={frame}
        className="msg__email-frame"
        title={t('console.email.frameTitle')}
        // No allow-scripts: nothing in the mail runs. allow-same-origin only lets this page measure the frame's height.
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        srcDoc={srcDoc}
        style={{ height }}
        onLoad={() => setHeight(Math.min(600, (frame.current?.contentDocument?.documentElement.scrollHeight ?? 120) + 4))}
      />
    </>
  );
}

/**
 * The frame's document: inline images point at their stored attachment, remote ones only once allowed, and the policy
 * forbids every other load (scripts, fonts, frames, style sheets, forms).
 */
export function emailDocument(html: string, attachments: MessageAttachment[], allowRemote: boolean): string {
  const body = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
  for (const img of body.querySelectorAll('img[data-cid-index]')) {
    const url = attachments[Number(img.getAttribute('data-cid-index'))]?.url;
    if (url) img.setAttribute('src', url);
  }
  if (allowRemote) for (const img of body.querySelectorAll('img[data-remote-src]')) img.setAttribute('src', img.getAttribute('data-remote-src')!);
  const images = allowRemote ? "'self' data: https: http:" : "'self' data:";
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${images}; style-src 'unsafe-inline'">` +
    '<base target="_blank"><style>body{margin:8px;font:14px/1.45 system-ui,sans-serif;color:#1f2328;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>' +
    `</head><body>${body.innerHTML}</body></html>`
  );
}
