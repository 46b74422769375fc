import { createHmac } from 'node:crypto';
import { redeliver } from './http-fake.js';

/**
 * Meta's side of webhooks, the same for WhatsApp Cloud, Messenger and Instagram (PROVIDERS.md §1.3, §2.1): the GET
 * handshake that verifies a callback URL, then POSTs signed with the app secret (X-Hub-Signature-256) over the exact
 * bytes sent, in Meta's escaped-unicode JSON. What each product posts stays in its own fake.
 */

/** `secret` signs with another secret; `signature` sends that header as it is (`null`: none); `times`/`concurrent` as in `redeliver`. */
export type SignedDelivery = { times?: number; concurrent?: boolean; secret?: string; signature?: string | null };

/** The callback URLs Meta has verified, by what its webhooks are about (a phone number, a Page, an Instagram account). */
export class MetaWebhooks {
  private readonly callbackUrls = new Map<string, string>();

  constructor(private readonly appSecret: string) {}

  /** Sets the callback URL as the App Dashboard does: Meta first verifies it with the GET handshake (`hub.challenge` echoed). */
  async subscribe(id: string, callbackUrl: string, verifyToken: string): Promise<{ status: number; body: string }> {
    const challenge = String(Math.floor(Math.random() * 1e10));
    const url = new URL(callbackUrl);
    url.search = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.challenge': challenge, 'hub.verify_token': verifyToken }).toString();
    const res = await fetch(url);
    const body = await res.text();
    if (res.status === 200 && body === challenge) this.callbackUrls.set(id, callbackUrl);
    return { status: res.status, body };
  }

  /**
   * POSTs `payload` to the callback URL verified for `id`, signed with the app secret over the exact bytes sent; `times` > 1
   * redelivers the same bytes (Meta retries and duplicates). The HTTP statuses our server answered, in order.
   */
  async deliver(id: string, payload: unknown, options: SignedDelivery = {}): Promise<number[]> {
    const target = this.callbackUrls.get(id);
    if (!target) throw new Error(`no verified callback URL for ${id}`);
    const rawBody = metaJson(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.signature !== null) headers['x-hub-signature-256'] = options.signature ?? signature(options.secret ?? this.appSecret, rawBody);
    return redeliver(async () => (await fetch(target, { method: 'POST', headers, body: rawBody })).status, options);
  }
}

/** JSON as Meta sends it: non-ASCII characters escaped (`ä` → `\u00e4`), the form its signature covers. */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function signature(appSecret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
