import sanitizeHtml from 'sanitize-html';

/** CSS that fetches something (a tracking pixel as a background) or runs something (old IE). */
const ACTIVE_CSS = /url\s*\(|expression\s*\(|@import|behavior\s*:|-moz-binding/i;
const INLINE_IMAGE = /^data:image\/(png|gif|jpe?g|webp);/i;

const layout = ['align', 'valign', 'dir', 'title', 'width', 'height', 'bgcolor', 'color', 'border', 'colspan', 'rowspan', 'cellpadding', 'cellspacing', 'style'];

/**
 * An email's HTML made safe to show (in a sandboxed frame): no scripts, event handlers, forms, frames, embedded
 * objects, style sheets or base URLs; links open a new window without a referrer. Nothing loads by itself: a remote
 * image keeps its address only in `data-remote-src` (tracking pixels stay dark unless someone asks), and an inline
 * `cid:` image becomes `data-cid-index`, the position of its attachment in `cidIndexes`.
 */
export function sanitizeEmailHtml(html: string, cidIndexes: Map<string, number>): string {
  const safe = sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'u', 's', 'strike', 'small', 'big'],
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head', 'xml'],
    allowedAttributes: {
      '*': layout,
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'data-remote-src', 'data-cid-index'],
      font: ['face', 'size'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['data'] },
    allowProtocolRelative: false,
    transformTags: {
      '*': (tagName, attribs) => {
        if (attribs.style && ACTIVE_CSS.test(attribs.style)) {
          const { style: _active, ...rest } = attribs;
          return { tagName, attribs: rest };
        }
        return { tagName, attribs };
      },
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
      img: (tagName, { src = '', ...attribs }) => {
        const trimmed = src.trim();
        if (/^https?:\/\//i.test(trimmed)) return { tagName, attribs: { ...attribs, 'data-remote-src': trimmed } };
        if (/^cid:/i.test(trimmed)) {
          const index = cidIndexes.get(normaliseCid(trimmed.slice(4)));
          return { tagName, attribs: index === undefined ? attribs : { ...attribs, 'data-cid-index': String(index) } };
        }
        return { tagName, attribs: INLINE_IMAGE.test(trimmed) ? { ...attribs, src: trimmed } : attribs };
      },
    },
  });
  return safe.trim();
}

/** A Content-ID as `cid:` URLs name it: without angle brackets, URL-decoded, case-insensitive. */
export function normaliseCid(cid: string): string {
  let bare = cid.trim();
  try {
    bare = decodeURIComponent(bare);
  } catch {
    // not percent-encoded: used as is
  }
  return bare.replace(/^<|>$/g, '').toLowerCase();
}
