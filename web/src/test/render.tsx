import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, type RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient } from '../app/queryClient';
import { useSession } from '../app/session';
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

/** `children` once the session (GET /auth/me) is loaded, as inside the signed-in app. */
export function SignedIn({ children }: { children: ReactNode }) {
  return useSession().data ? children : null;
}

/** Types `value` into the field labelled `label`. */
export const fill = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** A fetch stub answering by "METHOD path" (first match wins); unknown calls get a 404 envelope. Handlers get the parsed JSON body, or the FormData of a multipart one. */
export function fetchStub(routes: Record<string, (body: unknown) => [number, unknown?]>) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://app');
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const handler = routes[key];
    const sent = init?.body instanceof FormData ? init.body : init?.body ? JSON.parse(String(init.body)) : undefined;
    const [status, body] = handler ? handler(sent) : [404, { error: { code: 'not_found', message: 'Not found', details: null } }];
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

/**
 * Stubs the global fetch with `fetchStub(routes)`. `sentTo('POST /api/v1/channels')` lists the JSON bodies that route
 * was called with, in order.
 */
export function stubApi(routes: Record<string, (body: unknown) => [number, unknown?]>) {
  const fetch = vi.fn(fetchStub(routes));
  vi.stubGlobal('fetch', fetch);
  const sentTo = (route: string) =>
    fetch.mock.calls
      .filter(([input, init]) => `${init?.method ?? 'GET'} ${new URL(String(input), 'http://app').pathname}` === route)
      .map(([, init]) => (init?.body ? JSON.parse(String(init.body)) : undefined));
  return { fetch, sentTo };
}

/** jsdom has no modal dialogs: opening one only sets `open`, which is what makes it visible to queries. Call before each test. */
export function stubModalDialogs() {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}
