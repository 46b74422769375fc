import { describe, expect, it } from 'vitest';
import type { Template } from '../../api';
import { approvedTemplates, templateLabel, templatePreview, templateSend, templateVariables } from './templates';

const template = (components: Template['components'], extra: Partial<Template> = {}): Template => ({
  name: 'order_update',
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  components,
  syncedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('template variables', () => {
  it('lists header and body variables once each, in order; a template without any sends name and language only', () => {
    const t = template([
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
      { type: 'BODY', text: 'Hi {{1}}, order {{2}} ships {{ 3 }}. Thanks, {{1}}!' },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
    ]);
    expect(templateVariables(t)).toEqual({
      sendable: true,
      variables: [
        { component: 'header', name: '1' },
        { component: 'body', name: '1' },
        { component: 'body', name: '2' },
        { component: 'body', name: '3' },
      ],
    });
    expect(templateSend(template([{ type: 'BODY', text: 'We are open again.' }]), {})).toEqual({ name: 'order_update', language: 'en_US' });
  });

  it('builds the components the server forwards to Meta: positional values in order, named ones by parameter_name', () => {
    const positional = template([{ type: 'BODY', text: 'Your order {{1}} shipped on {{2}}' }]);
    expect(templateSend(positional, { 'body:1': ' A-1042 ', 'body:2': 'Monday' })).toEqual({
      name: 'order_update',
      language: 'en_US',
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }, { type: 'text', text: 'Monday' }] }],
    });
    const named = template([
      { type: 'HEADER', format: 'TEXT', text: 'For {{first_name}}' },
      { type: 'BODY', text: 'Hello {{first_name}}' },
    ]);
    expect(templateSend(named, { 'header:first_name': 'Ana', 'body:first_name': 'Ana Souza' }).components).toEqual([
      { type: 'header', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }] },
      { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana Souza' }] },
    ]);
  });

  it('marks as not sendable what needs more than text: a media header, a copy-code button, a URL button with a variable', () => {
    expect(templateVariables(template([{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'New arrivals' }])).sendable).toBe(false);
    expect(templateVariables(template([{ type: 'BUTTONS', buttons: [{ type: 'COPY_CODE' }] }])).sendable).toBe(false);
    expect(templateVariables(template([{ type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://shop.example/o/{{1}}' }] }])).sendable).toBe(false);
    expect(templateVariables(template([{ type: 'BUTTONS', buttons: [{ type: 'URL', url: 'https://shop.example' }, { type: 'QUICK_REPLY', text: 'Stop' }] }])).sendable).toBe(true);
  });

  it('previews the body with the values typed so far, and keeps only approved templates', () => {
    const t = template([{ type: 'BODY', text: 'Your order {{1}} shipped on {{2}}' }]);
    expect(templatePreview(t, { 'body:1': 'A-1042' })).toBe('Your order A-1042 shipped on {{2}}');
    const list = [t, template([], { name: 'draft', status: 'PENDING' }), template([], { name: 'old', status: 'REJECTED' })];
    expect(approvedTemplates(list).map((x) => x.name)).toEqual(['order_update']);
  });

  it('CH-3 names a Twilio content by the friendly name Twilio keeps with it, its HX SID second; other templates by their name', () => {
    const sid = 'HXb5b62575e6e4ff6129ad7c8efe1f983e';
    const twilio = template([{ type: 'BODY', text: 'Tu pedido {{1}} salió hoy' }, { type: 'TWILIO_CONTENT', friendlyName: 'order_update' }], { name: sid });
    expect(templateLabel(twilio)).toEqual({ name: 'order_update', id: sid });
    expect(templateLabel(template([{ type: 'TWILIO_CONTENT', friendlyName: null }], { name: sid }))).toEqual({ name: sid, id: null });
    expect(templateLabel(template([{ type: 'BODY', text: 'Hi' }]))).toEqual({ name: 'order_update', id: null });
  });
});
