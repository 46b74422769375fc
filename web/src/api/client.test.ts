import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, http, setApiLanguage } from './client';

function mockFetch(status: number, body?: unknown) {
  const fetch = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setApiLanguage('en');
});

describe('api client', () => {
  it('sends JSON with the cookie (same origin) and the UI language', async () => {
    const fetch = mockFetch(200, { ok: true });
    setApiLanguage('pt-BR');
    expect(await http.post('/api/v1/auth/login', { email: 'a@b.co' }, { query: { x: 1, y: undefined } })).toEqual({ ok: true });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/login?x=1');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"email":"a@b.co"}');
    expect(init.headers).toMatchObject({ 'Accept-Language': 'pt-BR', 'Content-Type': 'application/json' });
  });

  it('turns the error envelope into an ApiError with field errors', async () => {
    mockFetch(422, {
      error: {
        code: 'validation_failed',
        message: 'Algunos campos no son válidos.',
        details: [
          { path: 'body.email', message: 'Invalid email address' },
          { path: 'body.email', message: 'second' },
          { path: 'body.contact.name', message: 'Too long' },
          { path: 'body', message: 'too large' },
        ],
      },
    });
    const err = await api('POST', '/api/v1/auth/signup').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiError = err as ApiError;
    expect([apiError.status, apiError.code, apiError.message]).toEqual([422, 'validation_failed', 'Algunos campos no son válidos.']);
    expect(apiError.fieldErrors()).toEqual({ email: 'Invalid email address', 'contact.name': 'Too long' });
  });

  it('401 is recognisable; a non-envelope error still becomes an ApiError; 204 is undefined', async () => {
    mockFetch(401, { error: { code: 'unauthenticated', message: 'Sign in.', details: null } });
    const err = (await http.get('/api/v1/auth/me').catch((e: unknown) => e)) as ApiError;
    expect(err.isUnauthenticated).toBe(true);
    expect(err.details).toEqual([]);
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    const gateway = (await http.get('/api/v1/x').catch((e: unknown) => e)) as ApiError;
    expect([gateway.status, gateway.code, gateway.message]).toEqual([502, 'http_502', 'Bad Gateway']);
    mockFetch(204);
    expect(await http.post('/api/v1/auth/logout')).toBeUndefined();
  });

  it('a network failure is an ApiError with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const err = (await http.get('/api/v1/x').catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.code]).toEqual([0, 'network_error']);
  });
});
