import type { ErrorCode } from '../i18n/errors.js';

const statusOf: Partial<Record<ErrorCode, number>> = {
  validation_failed: 422,
  invalid_json: 400,
  unsupported_media_type: 415,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  email_taken: 409,
  channel_address_in_use: 409,
  name_taken: 409,
  invitation_invalid: 404,
  idempotency_key_reused: 422,
  rate_limited: 429,
  too_many_login_attempts: 429,
  stale_request: 400,
  invalid_payload: 400,
  verification_failed: 403,
  provider_unreachable: 502,
  mailer_not_configured: 503,
  mail_not_sent: 502,
  internal_error: 500,
};

/** A failure the caller can act on: HTTP status, machine code, localised message, optional details. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    status?: number,
  ) {
    super(code);
    this.status = status ?? statusOf[code] ?? 422;
  }
}

export const notFound = () => new AppError('not_found');
export const forbidden = () => new AppError('forbidden');
