import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** What to show where a list is empty: say why, and what to do next. */
export function EmptyState({ icon, title, children, action }: { icon?: IconName; title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      {icon ? (
        <span className="empty__icon">
          <Icon name={icon} size={28} />
        </span>
      ) : null}
      <h2 className="empty__title">{title}</h2>
      {children ? <div className="empty__body">{children}</div> : null}
      {action ? <div className="empty__action">{action}</div> : null}
    </div>
  );
}
