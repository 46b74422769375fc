import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_KINDS } from '../settings/channelKinds';
import { ChannelIcon } from './ChannelIcon';

afterEach(cleanup);

/** The drawing an icon renders (its path), to compare icons. */
const drawingOf = (type: string) => {
  const { container, unmount } = render(<ChannelIcon type={type} />);
  const d = container.querySelector('path')!.getAttribute('d');
  unmount();
  return d;
};

describe('ChannelIcon (CH-1)', () => {
  it('every channel type has its own icon, not the generic one; WhatsApp through Twilio is WhatsApp, the SMS providers share one', () => {
    const generic = drawingOf('unknown_type');
    for (const kind of CHANNEL_KINDS) expect(drawingOf(kind), kind).not.toBe(generic);
    expect(drawingOf('twilio_whatsapp')).toBe(drawingOf('whatsapp_cloud'));
    expect(new Set(['twilio_sms', 'vonage_sms', 'messagebird_sms'].map(drawingOf)).size).toBe(1);
    expect(new Set(['twilio_sms', 'messenger', 'instagram', 'email', 'telegram', 'whatsapp_cloud', 'webchat', 'api'].map(drawingOf)).size).toBe(8);
  });
});
