import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchStub, renderApp } from '../../test/render';
import { LoginPage } from './LoginPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const signedOut = () => [401, { error: { code: 'unauthenticated', message: 'Sign in first.', details: null } }] as [number, unknown];

describe('LoginPage', () => {
  it('checks the fields before calling the server, with messages tied to the inputs', async () => {
    const fetch = vi.fn(fetchStub({ 'GET /api/v1/auth/me': signedOut }));
    vi.stubGlobal('fetch', fetch);
    await renderApp(<LoginPage />, { path: '/login' });
    fireEvent.change(await screen.findByLabelText('Work email'), { target: { value: 'not-an-email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const email = screen.getByLabelText('Work email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/valid email address/).id).toBe(email.getAttribute('aria-describedby')?.split(' ')[0]);
    expect(screen.getByText('Fill in this field.')).toBeTruthy();
    expect(fetch.mock.calls.some(([url]) => String(url).includes('/auth/login'))).toBe(false);
  });

  it("shows the server's message (in the user's language) and goes to the inbox on success", async () => {
    let attempts = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(
        fetchStub({
          'GET /api/v1/auth/me': signedOut,
          'POST /api/v1/auth/login': () =>
            ++attempts === 1
              ? [401, { error: { code: 'invalid_credentials', message: 'El correo o la contraseña no son correctos.', details: null } }]
              : [200, { token: 't', user: { id: '1', email: 'a@b.co', name: 'Ana', role: 'owner', visibility: 'all', language: null, avatarUrl: null } }],
        }),
      ),
    );
    await renderApp(<LoginPage />, { path: '/login', routes: { '/inbox': <p>the inbox</p> } });
    fireEvent.change(await screen.findByLabelText('Work email'), { target: { value: 'a@b.co' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('El correo o la contraseña no son correctos.');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByText('the inbox')).toBeTruthy());
  });

  it('is translated: Spanish labels', async () => {
    vi.stubGlobal('fetch', vi.fn(fetchStub({ 'GET /api/v1/auth/me': signedOut })));
    await renderApp(<LoginPage />, { path: '/login', language: 'es' });
    expect(await screen.findByLabelText('Correo de trabajo')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Iniciar sesión' })).toBeTruthy();
  });
});
