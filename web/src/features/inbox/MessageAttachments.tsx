import { useTranslation } from 'react-i18next';
import type { MessageAttachment } from '../../api';
import { Icon } from '../../components';
import { formatBytes } from './attachments';

/**
 * A message's files in its bubble (IN-6), from our download route: images and stickers shown (a click opens the
 * full size), audio and video with the browser's player, anything else a download link with its size. A file whose
 * bytes are not stored (not fetched yet, or the provider refused) shows its name and why.
 */
export function MessageAttachments({ attachments }: { attachments: MessageAttachment[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="msg__files">
      {attachments.map((a, index) => {
        const name = a.filename ?? (a.type === 'image' || a.type === 'sticker' ? t('console.attachment.image') : t('console.attachment.file'));
        if (!a.url)
          return (
            <p key={index} className="msg__file msg__file--missing" title={a.fetchError?.message}>
              <Icon name="file" size={16} /> {t('console.attachment.unavailable', { name })}
            </p>
          );
        switch (a.type) {
          case 'image':
          case 'sticker':
            return (
              <a key={index} className="msg__image" href={a.url} target="_blank" rel="noopener" data-testid="message-image">
                <img src={a.url} alt={name} loading="lazy" />
              </a>
            );
          case 'audio':
          case 'voice':
            return <audio key={index} className="msg__audio" controls preload="none" src={a.url} aria-label={name} />;
          case 'video':
            return <video key={index} className="msg__video" controls preload="metadata" src={a.url} aria-label={name} />;
          default:
            return (
              <a key={index} className="msg__file" href={a.url} download={a.filename ?? true} aria-label={t('console.attachment.download', { name })} data-testid="message-file">
                <Icon name="file" size={20} />
                <span className="msg__file-name">{name}</span>
                {a.size !== null ? <span className="msg__file-size">{formatBytes(a.size, i18n.language)}</span> : null}
              </a>
            );
        }
      })}
    </div>
  );
}
