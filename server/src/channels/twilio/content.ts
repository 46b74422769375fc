import type { ProviderTemplate, TemplateRef } from '../types.js';
import type { ContentItem } from './payloads.js';

/**
 * WhatsApp templates through Twilio's Content API: a content (`HX…` SID) is sent with `ContentSid` and its variables as
 * `ContentVariables` JSON; its WhatsApp approval comes with it in `/v1/ContentAndApprovals`.
 */

const VARIABLE = /\{\{\s*\w+\s*\}\}/;

/**
 * A content as a template the composer offers. The SID is its name (what a send names, unique per account; friendly
 * names are not). Its text is described in the components the composer reads (BODY, BUTTONS, and a HEADER only when a
 * media URL has a variable the composer cannot fill), and Twilio's own definition is kept beside them.
 */
export function templateOf(content: ContentItem): ProviderTemplate {
  const approval = content.approval_requests;
  return {
    name: content.sid,
    language: content.language || 'und',
    status: (approval?.status || 'unsubmitted').toUpperCase(),
    category: approval?.category || null,
    components: componentsOf(content),
  };
}

function componentsOf(content: ContentItem): unknown[] {
  const types = Object.values(content.types ?? {});
  const body = types.map((t) => t.body ?? t.title).find((text): text is string => typeof text === 'string');
  const media = types.flatMap((t) => (Array.isArray(t.media) ? t.media.filter((m): m is string => typeof m === 'string') : []));
  const buttons = types.flatMap((t) => (Array.isArray(t.actions) ? t.actions.map(buttonOf) : []));
  return [
    ...(media.some((url) => VARIABLE.test(url)) ? [{ type: 'HEADER', format: 'MEDIA', media }] : []),
    ...(body === undefined ? [] : [{ type: 'BODY', text: body }]),
    ...(buttons.length > 0 ? [{ type: 'BUTTONS', buttons }] : []),
    { type: 'TWILIO_CONTENT', friendlyName: content.friendly_name ?? null, variables: content.variables ?? {}, types: content.types ?? {} },
  ];
}

/** A Content API action (`{type: QUICK_REPLY | URL | PHONE_NUMBER | COPY_CODE, title, url?, phone?}`) as a template button. */
function buttonOf(action: unknown): Record<string, unknown> {
  const a = (typeof action === 'object' && action !== null ? action : {}) as Record<string, unknown>;
  const type = typeof a.type === 'string' ? a.type.toUpperCase() : 'QUICK_REPLY';
  return { type, text: a.title ?? '', ...(typeof a.url === 'string' ? { url: a.url } : {}), ...(typeof a.phone === 'string' ? { phone_number: a.phone } : {}) };
}

/**
 * `ContentVariables` from the template's parameters as the composer sends them (Meta's shape: components with
 * `parameters: [{type: 'text', text, parameter_name?}]`): named ones by name, positional ones numbered from 1 in order.
 */
export function contentVariables(template: TemplateRef): Record<string, string> {
  const variables: Record<string, string> = {};
  let position = 0;
  for (const component of template.components ?? []) {
    const parameters = (component as { parameters?: unknown }).parameters;
    if (!Array.isArray(parameters)) continue;
    for (const parameter of parameters as { text?: unknown; parameter_name?: unknown }[]) {
      const value = typeof parameter.text === 'string' ? parameter.text : '';
      if (typeof parameter.parameter_name === 'string') variables[parameter.parameter_name] = value;
      else variables[String(++position)] = value;
    }
  }
  return variables;
}
