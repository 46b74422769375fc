import { Navigate, Route, Routes, useParams } from 'react-router';
import { inboxPath } from '../../app/paths';
import { useMe } from '../../app/session';
import { InboxLayout } from './InboxLayout';
import { InboxPage } from './InboxPage';
import { lastInbox } from './lastInbox';
import { viewFromPath } from './views';

/**
 * /inbox/* — the Messages module. `/inbox` opens the last inbox used (IN-4), `/inbox/:view` and
 * `/inbox/team/:teamId` one inbox. Add the conversation routes here (e.g. `:view/c/:contactId`).
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
  const view = viewFromPath(rest.split('/').filter(Boolean));
  if (!view) return <Navigate to="/inbox" replace />;
  return <InboxPage key={view} view={view} />;
}
