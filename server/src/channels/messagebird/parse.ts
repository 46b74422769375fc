import { validated } from '../webhook-body.js';
import type { InboundEvent } from '../types.js';
import { webhookParams } from '../sms/callback-params.js';
import { msisdnContact } from '../sms/numbers.js';
import { receiptTarget } from '../sms/reference.js';
import { inboundSchema, statusReportSchema, type MessagebirdInbound, type MessagebirdStatusReport } from './payloads.js';

/**
 * One MessageBird callback (PROVIDERS.md §5.2) as normalised events: a status report of a message we sent (the only
 * one carrying `status`), or an SMS forwarded from one of our numbers (MessageBird joins the parts of a long one).
 */
export function parseMessagebirdWebhook(channelId: number, payload: Buffer): InboundEvent[] {
  const params = webhookParams(payload);
  if ('status' in params) return [statusEvent(channelId, validated(statusReportSchema, params))];
  return [messageEvent(validated(inboundSchema, params))];
}

function messageEvent(sms: MessagebirdInbound): InboundEvent {
  const contact = msisdnContact(sms.originator);
  const sentAt = timeOf(sms.createdDatetime);
  return { kind: 'message', externalId: sms.id, contact, text: sms.body, ...(sentAt ? { sentAt } : {}) };
}

/** Recipient statuses (§5.2): handed to the carrier, delivered, or final failures; `scheduled` is not sent yet. */
const SENT = new Set(['sent', 'buffered']);
const FAILED = new Set(['expired', 'delivery_failed']);

function statusEvent(channelId: number, report: MessagebirdStatusReport): InboundEvent {
  const message = receiptTarget(report.reference, channelId, report.id);
  const at = timeOf(report.statusDatetime);
  const when = at ? { at } : {};
  if (report.status === 'delivered') return { kind: 'status', message, status: 'delivered', ...when };
  if (SENT.has(report.status)) return { kind: 'status', message, status: 'sent', ...when };
  if (FAILED.has(report.status)) return { kind: 'status', message, status: 'failed', error: reportError(report), ...when };
  return { kind: 'notice', code: 'report_ignored', message: `status report "${report.status}" for ${report.id} changes nothing` };
}

/**
 * A failed report as our error: `messagebird_<statusErrorCode>` (the downstream network's code, when it gave one) or the
 * status; the message is MessageBird's status reason ("unknown subscriber", "carrier rejected"…) with the code.
 */
function reportError(report: MessagebirdStatusReport): { code: string; message: string } {
  const errorCode = report.statusErrorCode && report.statusErrorCode !== '0' ? report.statusErrorCode : undefined;
  const reason = report.statusReason?.trim() || (report.status === 'expired' ? 'expired' : 'delivery failed');
  const text = `${reason.charAt(0).toUpperCase()}${reason.slice(1)} (status ${report.status}${errorCode ? `, error code ${errorCode}` : ''}).`;
  return { code: errorCode ? `messagebird_${errorCode}` : report.status, message: text };
}

/** RFC 3339 times (`2022-01-05T10:03:05+00:00`). */
function timeOf(value: string | undefined): Date | undefined {
  const at = value ? new Date(value) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}
