import { Outlet } from 'react-router';
import { InboxSidebar } from './InboxSidebar';
import './inbox.css';

/** The Messages module: the inbox sidebar, and the inbox (later: list + conversation) beside it. */
export function InboxLayout() {
  return (
    <div className="inbox">
      <InboxSidebar />
      <div className="inbox__content">
        <Outlet />
      </div>
    </div>
  );
}
