import { AppError } from '../../http/errors.js';
import { signatureMatches } from '../api/signature.js';
import { sameText } from '../constant-time.js';
import type { WebhookRequest } from '../types.js';

/**
 * Meta's webhook handshake and signature, the same for WhatsApp, Messenger and Instagram (PROVIDERS.md §1.1-1.2,
 * §2.1): the callback URL is verified with a GET that must echo `hub.challenge` when `hub.verify_token` is ours, and
 * every POST is signed in `X-Hub-Signature-256` with the app secret over its exact bytes.
 */

/** The challenge to answer, or verification_failed (a 403) for a wrong token or mode. */
export function answerHubChallenge(verifyToken: string, query: Record<string, unknown>): string {
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (query['hub.mode'] !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || !sameText(token, verifyToken)) {
    throw new AppError('verification_failed');
  }
  return challenge;
}

/** Throws invalid_signature unless `X-Hub-Signature-256` is `sha256=<hex HMAC-SHA256 of the raw body>` with the app secret. */
export function verifyHubSignature(appSecret: string, request: WebhookRequest): void {
  const header = request.headers['x-hub-signature-256'];
  if (typeof header !== 'string' || !signatureMatches(appSecret, request.rawBody, header)) throw new AppError('invalid_signature');
}
