import { Navigate, Route, Routes, useParams } from 'react-router';
import { inboxPath } from '../../app/paths';
import { useMe } from '../../app/session';
import { InboxLayout } from './InboxLayout';
import { InboxPage } from './InboxPage';
import { lastInbox } from './lastInbox';
import { parseInboxPath } from './routes';

/**
 * /inbox/* — the Messages module. `/inbox` opens the last inbox used (IN-4), `/inbox/:view` and
 * `/inbox/team/:teamId` one inbox; `/inbox/:view/:contactId` (`/inbox/team/:teamId/:contactId`) with a contact open.
 */
export function InboxRoutes() {
  return (
    <Routes>
      <Route element={<InboxLayout />}>
        <Route index element={<LastInbox />} />
        <Route path="*" element={<InboxFromPath />} />
      </Route>
    </Routes>
  );
}

function LastInbox() {
  const me = useMe();
  const fallback = me.actor.role === 'agent' && me.actor.visibility === 'assigned' ? 'mine' : 'all';
  return <Navigate to={inboxPath(lastInbox.get(me.actor.userId) ?? fallback)} replace />;
}

function InboxFromPath() {
  const { '*': rest = '' } = useParams();
  const parsed = parseInboxPath(rest.split('/').filter(Boolean));
  if (!parsed) return <Navigate to="/inbox" replace />;
  return <InboxPage key={parsed.view} view={parsed.view} contactId={parsed.contactId} />;
}
