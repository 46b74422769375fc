import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { ReadyResult } from './sequence';
import type { ConnectionState, EventHandler, EventType, RealtimeClient } from './client';

const RealtimeContext = createContext<RealtimeClient | null>(null);

export function RealtimeProvider({ client, children }: { client: RealtimeClient; children: ReactNode }) {
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);
  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

export function useRealtimeClient(): RealtimeClient {
  const client = useContext(RealtimeContext);
  if (!client) throw new Error('useRealtimeClient needs <RealtimeProvider> (signed-in part of the app)');
  return client;
}

/**
 * Runs `handler` for every new realtime event of `type` (`'*'` for all) while the component is mounted.
 * The latest `handler` is used without resubscribing, so an inline function is fine.
 *
 *   useRealtimeEvent('conversation.updated', (e) => queryClient.invalidateQueries({ queryKey: queryKeys.inboxCounts }));
 */
export function useRealtimeEvent<T extends EventType>(type: T | '*', handler: EventHandler<T & string>) {
  const client = useRealtimeClient();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => client.subscribe<T>(type, (event) => latest.current(event)), [client, type]);
}

/** Runs `listener` on each `ready`: `fresh`/`reset` → reload what you show over REST; `resumed` → nothing lost. */
export function useRealtimeReady(listener: (result: ReadyResult) => void) {
  const client = useRealtimeClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.onReady((result) => latest.current(result)), [client]);
}

/** The connection state, for the connection banner. */
export function useConnectionState(): ConnectionState {
  const client = useRealtimeClient();
  return useSyncExternalStore(client.onStateChange, client.getState, client.getState);
}
