import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { queryKeys } from '../api/queryKeys';

/**
 * One QueryClient for the app. A 401 on any query means the session ended (expired, signed out elsewhere):
 * the session becomes null and the router sends the user to the login page.
 */
export function createQueryClient() {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.isUnauthenticated && query.queryKey[0] !== queryKeys.me[0]) sessionEnded(client);
      },
    }),
    defaultOptions: {
      queries: {
        // Live data comes over the websocket; refetching on every focus would only add load.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

/** Forget everything the signed-in user saw and mark the session gone (RequireAuth redirects to /login). */
export function sessionEnded(client: QueryClient) {
  client.cancelQueries();
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
  client.setQueryData(queryKeys.me, null);
}
