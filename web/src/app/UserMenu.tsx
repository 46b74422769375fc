import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar, Button, Icon } from '../components';
import { LanguagePicker } from './LanguagePicker';
import { useCurrentUser, useMe, useSignOut, useWorkspace } from './session';

/** The avatar at the bottom of the nav rail: who is signed in, the language, sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const user = useCurrentUser();
  const workspace = useWorkspace().data ?? me.workspace;
  const signOut = useSignOut();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const name = user?.name ?? '';

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__trigger"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('shell.userMenu.open', { name })}
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={name || '?'} src={user?.avatarUrl} size="md" />
      </button>
      {open ? (
        <div className="user-menu__panel popover" id={panelId}>
          <div className="user-menu__who">
            <Avatar name={name || '?'} src={user?.avatarUrl} size="lg" />
            <div>
              <p className="user-menu__name">{name}</p>
              <p className="user-menu__email">{user?.email}</p>
              <p className="user-menu__role">
                {t(`roles.${me.actor.role}`)} · {workspace.name}
              </p>
            </div>
          </div>
          <div className="user-menu__section">
            <LanguagePicker />
          </div>
          <div className="user-menu__section">
            <Button variant="ghost" block icon={<Icon name="logout" />} loading={signOut.isPending} onClick={() => signOut.mutate()}>
              {signOut.isPending ? t('shell.userMenu.signingOut') : t('shell.userMenu.signOut')}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
