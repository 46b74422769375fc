import { SendError } from './types.js';

/** Failures before a connection existed: the provider cannot have received anything. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export type ProviderResponse = { status: number; headers: Headers; body: Buffer };

/**
 * One HTTP call to a provider. A redirect is answered, not followed (a POST redirected to a GET would lose the
 * request). No answer — a timeout or a network error — is a transient SendError: the outcome is unknown.
 */
export async function providerFetch(provider: string, url: string | URL, init: Omit<RequestInit, 'signal' | 'redirect'>, timeoutMs: number): Promise<ProviderResponse> {
  try {
    const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') throw new SendError('transient', 'timeout', `${provider} did not answer within ${timeoutMs} ms.`);
    const cause = (err as Error & { cause?: Error & { code?: string } }).cause;
    const notSent = NOT_CONNECTED.has(cause?.code ?? '');
    throw new SendError('transient', 'network_error', cause?.message ?? (err as Error).message, { notSent });
  }
}

/** The JSON of a body, or undefined when it is not JSON. */
export function parseJsonBody(body: Buffer | string): unknown {
  try {
    return JSON.parse(body.toString());
  } catch {
    return undefined;
  }
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
