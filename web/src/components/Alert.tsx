import type { ReactNode } from 'react';

/** A message about the whole form or page (a field's own error goes in its Field). Announced by screen readers. */
export function Alert({ tone = 'error', title, children }: { tone?: 'error' | 'warning' | 'info'; title?: ReactNode; children?: ReactNode }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title ? <p className="alert__title">{title}</p> : null}
      {children ? <div className="alert__body">{children}</div> : null}
    </div>
  );
}
