import { z } from 'zod';

/**
 * A provider API's base URL in a channel config (the provider's own host by default; a proxy or a test double when
 * set): http or https, kept without trailing slashes so paths can be appended.
 */
export const apiBaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .transform((url) => url.replace(/\/+$/, ''));
