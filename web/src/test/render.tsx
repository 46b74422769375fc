import { QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { createQueryClient } from '../app/queryClient';
import { setupI18n, type Language } from '../i18n';

/**
 * Renders `ui` as the app would at `path` (router, react-query, i18n in `language`) for component tests.
 * `routes` adds other routes to land on (e.g. `{ '/inbox': <p>inbox</p> }`).
 */
export async function renderApp(
  ui: ReactElement,
  { path = '/', pattern = '*', language = 'en', routes = {}, ...options }: RenderOptions & { path?: string; pattern?: string; language?: Language; routes?: Record<string, ReactElement> } = {},
) {
  await setupI18n(language);
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false } });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={pattern} element={ui} />
          {Object.entries(routes).map(([p, element]) => (
            <Route key={p} path={p} element={element} />
          ))}
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
    options,
  );
  return { ...result, queryClient };
}

/** A fetch stub answering by "METHOD path" (first match wins); unknown calls get a 404 envelope. */
export function fetchStub(routes: Record<string, (body: unknown) => [number, unknown?]>) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://app');
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const handler = routes[key];
    const [status, body] = handler ? handler(init?.body ? JSON.parse(String(init.body)) : undefined) : [404, { error: { code: 'not_found', message: 'Not found', details: null } }];
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}
