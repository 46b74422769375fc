import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, Spinner } from '../../components';
import { fileType, formatBytes } from './attachments';

/** The file chosen in the composer, above the text box: a thumbnail for images, its name and size, a remove button. */
export function FileChip({ file, sending, onRemove }: { file: File; sending: boolean; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const thumbnail = useObjectUrl(fileType(file.type) === 'image' ? file : null);
  return (
    <div className="file-chip" data-testid="file-chip" aria-busy={sending || undefined}>
      {thumbnail ? <img className="file-chip__thumb" src={thumbnail} alt="" /> : <Icon name="file" size={20} className="file-chip__icon" />}
      <span className="file-chip__name" title={file.name}>
        {file.name}
      </span>
      <span className="file-chip__size">{formatBytes(file.size, i18n.language)}</span>
      {sending ? (
        <Spinner size="sm" label={t('composer.file.sending')} />
      ) : (
        <button type="button" className="icon-btn file-chip__remove" aria-label={t('composer.file.remove', { name: file.name })} title={t('composer.file.remove', { name: file.name })} onClick={onRemove}>
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  );
}

/** A blob: URL for the file while it is shown, revoked after. */
function useObjectUrl(file: File | null) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) return setUrl(null);
    const made = URL.createObjectURL(file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file]);
  return url;
}
