import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState, type IconName } from '../components';

/** A message that takes the whole page (nothing to show here): why, and optionally a link on. */
export function PageMessage({
  icon,
  title,
  children,
  link,
  testId,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  link?: { to: string; label: string };
  testId?: string;
}) {
  return (
    <div className="page-center" data-testid={testId}>
      <EmptyState
        icon={icon}
        title={title}
        action={
          link ? (
            <Link className="btn btn--primary btn--md" to={link.to}>
              {link.label}
            </Link>
          ) : undefined
        }
      >
        {children}
      </EmptyState>
    </div>
  );
}
