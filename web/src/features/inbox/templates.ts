import type { Template, TemplateParameter, TemplateSend } from '../../api';

/** A variable of a template: `{{1}}` (positional) or `{{first_name}}` (named), in its header or body. */
export type TemplateVariable = { component: 'header' | 'body'; name: string };

const VARIABLE = /\{\{\s*(\w+)\s*\}\}/g;
const HAS_VARIABLE = /\{\{\s*\w+\s*\}\}/;

/** Each variable once, in the order they appear. */
function variablesIn(text: string | undefined): string[] {
  return [...new Set([...(text ?? '').matchAll(VARIABLE)].map((m) => m[1]!))];
}

const part = (template: Template, type: string) => template.components.find((c) => c.type.toUpperCase() === type);

/**
 * What the agent must fill in to send `template`, or `sendable: false` when it needs something this picker cannot
 * give (a media header, a button with its own value): such templates are listed, not offered.
 */
export function templateVariables(template: Template): { sendable: boolean; variables: TemplateVariable[] } {
  const header = part(template, 'HEADER');
  const mediaHeader = !!header && (header.format ?? 'TEXT').toUpperCase() !== 'TEXT';
  const buttonNeedsValue = (part(template, 'BUTTONS')?.buttons ?? []).some(
    (b) => ['COPY_CODE', 'OTP', 'FLOW', 'CATALOG', 'MPM'].includes(b.type.toUpperCase()) || (b.type.toUpperCase() === 'URL' && HAS_VARIABLE.test(b.url ?? '')),
  );
  const variables: TemplateVariable[] = [
    ...variablesIn(header?.text).map((name) => ({ component: 'header' as const, name })),
    ...variablesIn(part(template, 'BODY')?.text).map((name) => ({ component: 'body' as const, name })),
  ];
  return { sendable: !mediaHeader && !buttonNeedsValue, variables };
}

export const variableKey = (v: TemplateVariable) => `${v.component}:${v.name}`;

/** The `template` body POST /contacts/{id}/messages expects: positional values in order, named ones by name. */
export function templateSend(template: Template, values: Record<string, string>): TemplateSend {
  const { variables } = templateVariables(template);
  const components = (['header', 'body'] as const)
    .map((type) => {
      const own = variables.filter((v) => v.component === type);
      return {
        type,
        parameters: own.map((v): TemplateParameter => {
          const text = (values[variableKey(v)] ?? '').trim();
          return /^\d+$/.test(v.name) ? { type: 'text', text } : { type: 'text', parameter_name: v.name, text };
        }),
      };
    })
    .filter((c) => c.parameters.length > 0);
  return { name: template.name, language: template.language, ...(components.length ? { components } : {}) };
}

/** The body as the contact will read it: variables replaced by the values typed so far (left as `{{1}}` until then). */
export function templatePreview(template: Template, values: Record<string, string>): string {
  return (part(template, 'BODY')?.text ?? '').replace(VARIABLE, (whole, name: string) => values[variableKey({ component: 'body', name })]?.trim() || whole);
}

/**
 * How a template is named to the agent. Twilio's are named by their content SID (`HX…`, what a send names): the friendly
 * name Twilio's definition carries (kept as the `TWILIO_CONTENT` component) comes first, the SID after it; other
 * providers' names are already readable.
 */
export function templateLabel(template: Template): { name: string; id: string | null } {
  const friendlyName = part(template, 'TWILIO_CONTENT')?.friendlyName;
  return friendlyName ? { name: friendlyName, id: template.name } : { name: template.name, id: null };
}

/** Only approved templates can be sent (the server refuses the others). */
export const approvedTemplates = (templates: Template[]) => templates.filter((t) => t.status.toUpperCase() === 'APPROVED');
