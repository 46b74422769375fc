import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { io } from 'socket.io-client';
import { queryKeys } from '../api';
import { changeLanguage, currentLanguage, isLanguage } from '../i18n';
import { TimeZoneProvider } from '../i18n/time';
import { RealtimeClient, RealtimeProvider, useRealtimeEvent, useRealtimeReady } from '../realtime';
import { sessionEnded } from './queryClient';
import { useMe, useWorkspace } from './session';

/**
 * Everything a signed-in user needs around the shell: the one realtime connection, workspace-wide cache
 * updates, the workspace time zone, the user's language.
 */
export function SignedInApp({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [client] = useState(
    () =>
      new RealtimeClient({
        createSocket: (options) => io({ ...options, transports: ['websocket', 'polling'] }),
        onSignedOut: () => sessionEnded(queryClient),
      }),
  );
  return (
    <RealtimeProvider client={client}>
      <WorkspaceSync />
      <WorkspaceTimeZone>{children}</WorkspaceTimeZone>
    </RealtimeProvider>
  );
}

function WorkspaceTimeZone({ children }: { children: ReactNode }) {
  const me = useMe();
  const workspace = useWorkspace().data ?? me.workspace;
  return <TimeZoneProvider value={workspace.timezone}>{children}</TimeZoneProvider>;
}

/** Keeps shared data (workspace, users, teams, channels) fresh from realtime events, and the UI language. */
function WorkspaceSync() {
  const queryClient = useQueryClient();
  const me = useMe();

  // The server's language for this user (their profile setting, else what this browser asked for).
  useEffect(() => {
    if (isLanguage(me.actor.locale) && me.actor.locale !== currentLanguage()) void changeLanguage(me.actor.locale, { remember: true });
  }, [me.actor.locale]);

  useRealtimeReady((result) => {
    // A fresh connection or a reset: anything loaded before `ready` may have missed events. Reload what is shown.
    if (result !== 'resumed') void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
  });

  useRealtimeEvent('*', (event) => {
    const [domain] = event.type.split('.');
    switch (domain) {
      case 'workspace':
        void queryClient.invalidateQueries({ queryKey: queryKeys.workspace });
        void queryClient.invalidateQueries({ queryKey: queryKeys.me });
        break;
      case 'user':
      case 'invitation':
        void queryClient.invalidateQueries({ queryKey: queryKeys.users });
        // My role, visibility or teams may have changed: they decide what I see.
        void queryClient.invalidateQueries({ queryKey: queryKeys.me });
        void queryClient.invalidateQueries({ queryKey: queryKeys.inboxCounts });
        break;
      case 'team':
        void queryClient.invalidateQueries({ queryKey: queryKeys.teams });
        void queryClient.invalidateQueries({ queryKey: queryKeys.inboxCounts });
        break;
      case 'channel':
        void queryClient.invalidateQueries({ queryKey: queryKeys.channels });
        break;
    }
  });
  return null;
}
