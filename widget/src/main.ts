import { ApiError, widgetApi, type Message, type Page, type Session } from './api.js';
import { pickStrings } from './i18n.js';
import { styles } from './styles.js';

/** What the host page may set before the script loads (identity verification, known visitor details). */
type Settings = { identifier?: string; identifierHash?: string; name?: string; email?: string };

const script = (document.currentScript ?? document.querySelector('script[data-key][src*="widget.js"]')) as HTMLScriptElement | null;
const key = script?.dataset.key;
if (script && key) start(new URL(script.src).origin, key);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const newId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`);
const initials = (name: string) => name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');

function start(base: string, key: string) {
  const t = pickStrings(navigator.languages?.length ? navigator.languages : [navigator.language]);
  const language = navigator.language || 'en';
  const api = widgetApi(base, key, language);
  const settings: Settings = (window as unknown as { conversaSettings?: Settings }).conversaSettings ?? {};
  const storageKey = `conversa:${key}`;
  const messages = new Map<string, Message>();
  /** Sends not yet confirmed, by client id: shown at once, replaced by the stored message when it comes back. */
  const pending = new Map<string, { text?: string; file?: File; failed: boolean }>();
  let session: Session | undefined;
  let open = false;
  let unread = 0;
  let pendingPage: Page | undefined;
  let lastPage = '';
  let file: File | undefined;

  // ---------- DOM (in a shadow root: the site's styles do not apply here) ----------
  const host = el('div', { id: 'conversa-widget' });
  const root = host.attachShadow({ mode: 'open' });
  const badge = el('span', { class: 'badge', 'aria-hidden': 'true' });
  const bubble = el('button', { class: 'bubble', type: 'button', 'aria-label': t.open, 'aria-expanded': 'false', 'aria-controls': 'panel' });
  bubble.innerHTML = '<svg width="26" height="26" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  const title = el('h2', { id: 'title' }, t.title);
  const closeButton = el('button', { type: 'button', 'aria-label': t.close }, '×');
  const log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.log, tabindex: '0' });
  const error = el('p', { class: 'error', role: 'alert' });
  const textarea = el('textarea', { rows: '1', placeholder: t.placeholder, 'aria-label': t.placeholder });
  const fileInput = el('input', { type: 'file', class: 'sr', id: 'file', tabindex: '-1', accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,application/zip,.doc,.docx,.xls,.xlsx,.pptx,audio/mpeg,audio/ogg,video/mp4' });
  const attachButton = el('button', { type: 'button', class: 'icon', 'aria-label': t.attach, title: t.attach });
  // Drawn, not an emoji: sites' visitors may have no emoji font.
  attachButton.innerHTML = '<svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l9.2-9.2a3.7 3.7 0 0 1 5.2 5.2l-9.2 9.2a1.8 1.8 0 0 1-2.6-2.6l8.5-8.5"/></svg>';
  const fileName = el('div', { class: 'file-name', 'aria-live': 'polite' });
  const composer = el('form', {}, attachButton, fileInput, textarea, el('button', { type: 'submit', class: 'send' }, t.send));
  const nameInput = el('input', { type: 'text', required: '', autocomplete: 'name' });
  const emailInput = el('input', { type: 'email', required: '', autocomplete: 'email' });
  const preChat = el(
    'form',
    { class: 'prechat' },
    el('p', {}, t.preChatIntro),
    el('label', {}, t.name, nameInput),
    el('label', {}, t.email, emailInput),
    el('button', { type: 'submit', class: 'send' }, t.start),
  );
  const panel = el('section', { class: 'panel', id: 'panel', role: 'dialog', 'aria-labelledby': 'title', hidden: '' }, el('header', {}, title, closeButton), log, error, fileName, composer);
  root.append(el('style', {}, styles), panel, bubble);
  document.body.append(host);

  function setOpen(value: boolean) {
    open = value;
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    bubble.setAttribute('aria-label', open ? t.close : t.open);
    if (open) {
      unread = 0;
      renderBadge();
      (preChat.isConnected ? nameInput : textarea).focus();
      acknowledge('read');
    } else {
      bubble.focus();
    }
  }

  function renderBadge() {
    badge.textContent = unread > 9 ? '9+' : String(unread);
    bubble.setAttribute('aria-label', unread > 0 && !open ? `${t.open} (${t.unread.replace('{n}', String(unread))})` : open ? t.close : t.open);
    if (unread > 0 && !open) bubble.append(badge);
    else badge.remove();
  }

  function render() {
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    log.textContent = '';
    if (session?.channel.greeting) log.append(el('p', { class: 'greeting' }, session.channel.greeting));
    const sorted = [...messages.values()].sort((a, b) => Number(a.id) - Number(b.id));
    for (const m of sorted) log.append(row(m));
    for (const [clientId, p] of pending) {
      if (sorted.some((m) => m.clientId === clientId)) continue;
      const bubbleText = el('div', { class: `msg${p.failed ? ' failed' : ''}` }, p.text ?? p.file?.name ?? '');
      if (p.failed) {
        const retry = el('button', { type: 'button', class: 'icon' }, t.retry);
        retry.onclick = () => void send(clientId);
        bubbleText.append(' ', retry);
      }
      log.append(el('div', { class: 'row visitor' }, bubbleText));
    }
    if (nearBottom || open) log.scrollTop = log.scrollHeight;
  }

  function row(m: Message) {
    const content = el('div', { class: `msg${m.deleted ? ' deleted' : ''}` });
    if (m.deleted) content.append(t.deleted);
    else {
      for (const a of m.attachments) {
        const href = api.fileUrl(a.url);
        const link = el('a', { href, target: '_blank', rel: 'noopener' });
        if (a.type === 'image') link.append(el('img', { src: href, alt: a.filename ?? '' }));
        else link.append(a.filename ?? a.type);
        content.append(link);
      }
      if (m.text) content.append(m.text);
    }
    if (m.from === 'visitor') return el('div', { class: 'row visitor' }, content);
    const name = m.author?.name ?? '';
    const avatar = el('div', { class: 'avatar', 'aria-hidden': 'true' });
    if (m.author?.avatarUrl) avatar.append(el('img', { src: m.author.avatarUrl, alt: '' }));
    else avatar.append(initials(name));
    return el('div', { class: 'row agent' }, avatar, el('div', {}, el('div', { class: 'author' }, name), content));
  }

  /** Adds or updates a message (history, live, or a send's answer); the newest agent messages are acknowledged. */
  function upsert(list: Message[], live: boolean) {
    for (const m of list) {
      const known = messages.get(m.id);
      if (!known && live && m.from === 'agent' && !open) unread += 1;
      // A deletion never comes undone, whatever order the history and the live feed arrive in.
      messages.set(m.id, known?.deleted ? { ...m, deleted: true, text: null, attachments: [] } : m);
      if (m.clientId) pending.delete(m.clientId);
    }
    renderBadge();
    render();
    acknowledge(open && document.visibilityState === 'visible' ? 'read' : 'delivered');
  }

  const acknowledged = { delivered: '0', read: '0' };
  function acknowledge(status: 'delivered' | 'read') {
    // Only messages the send job has marked sent can move on; `read` also covers those already delivered.
    const behind = [...messages.values()].filter((m) => m.from === 'agent' && (m.status === 'sent' || (status === 'read' && m.status === 'delivered')));
    const newest = behind.reduce((max, m) => (Number(m.id) > Number(max) ? m.id : max), '0');
    if (newest === '0' || Number(newest) <= Number(acknowledged[status])) return;
    acknowledged[status] = newest;
    api.receipts(status, newest).catch(() => (acknowledged[status] = '0'));
  }

  /** Where older history continues (null once it is all shown), and whether a page of it is on its way. */
  let olderCursor: string | null = null;
  let loadingOlder = false;

  /** After (re)connecting: everything after the newest message held, or the latest page on first load. */
  async function catchUp() {
    const ids = [...messages.keys()].map(Number);
    if (ids.length === 0) {
      const page = await api.messages('limit=50');
      olderCursor = page.nextCursor;
      upsert(page.items, false);
      return;
    }
    let after = Math.max(...ids);
    for (;;) {
      const page = await api.messages(`after=${after}&limit=100`);
      upsert(page.items, true);
      if (page.items.length < 100) return;
      after = Number(page.items.at(-1)!.id);
    }
  }

  async function send(clientId: string) {
    const p = pending.get(clientId);
    if (!p) return;
    p.failed = false;
    error.textContent = '';
    render();
    const page = pendingPage;
    try {
      const message = await api.send({ clientId, text: p.text, page }, p.file);
      if (page === pendingPage) pendingPage = undefined;
      upsert([message], false);
    } catch (err) {
      p.failed = true;
      // A refusal (4xx) is explained; anything else may be retried with the same client id (stored once).
      error.textContent = err instanceof ApiError && err.status < 500 ? err.message : t.sendFailed;
      if (err instanceof ApiError && err.status < 500 && err.status !== 429) pending.delete(clientId);
      render();
    }
  }

  async function trackPage() {
    const page = { url: location.href, title: document.title.slice(0, 300) || undefined };
    if (page.url === lastPage || !session) return;
    lastPage = page.url;
    const { recorded } = await api.page(page).catch(() => ({ recorded: false }));
    // No conversation yet: the page goes with the visitor's first message.
    pendingPage = recorded ? undefined : page;
  }

  // ---------- events ----------
  bubble.onclick = () => setOpen(!open);
  closeButton.onclick = () => setOpen(false);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') setOpen(false);
  });
  log.addEventListener('scroll', async () => {
    if (log.scrollTop > 40 || !olderCursor || loadingOlder) return;
    loadingOlder = true;
    const before = log.scrollHeight;
    try {
      const page = await api.messages(`before=${olderCursor}&limit=50`);
      olderCursor = page.nextCursor;
      upsert(page.items, false);
      // Keep the messages the visitor was reading where they were.
      log.scrollTop = log.scrollHeight - before;
    } finally {
      loadingOlder = false;
    }
  });
  attachButton.onclick = () => fileInput.click();
  fileInput.onchange = () => {
    file = fileInput.files?.[0];
    fileName.textContent = file ? file.name : '';
  };
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      composer.requestSubmit();
    }
  });
  composer.onsubmit = (e) => {
    e.preventDefault();
    const text = textarea.value.trim();
    if (!text && !file) return;
    const clientId = newId();
    pending.set(clientId, { text: text || undefined, file, failed: false });
    textarea.value = '';
    file = undefined;
    fileInput.value = '';
    fileName.textContent = '';
    void send(clientId);
  };
  preChat.onsubmit = async (e) => {
    e.preventDefault();
    try {
      session = await api.startSession({ token: session?.token, name: nameInput.value.trim(), email: emailInput.value.trim() });
      localStorage.setItem(storageKey, session.token);
      preChat.replaceWith(composer);
      textarea.focus();
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : t.sendFailed;
    }
  };
  document.addEventListener('visibilitychange', () => open && acknowledge('read'));
  // Single-page sites change pages through the History API: each change is a page view.
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      void trackPage();
      return result;
    };
  }
  window.addEventListener('popstate', () => void trackPage());
  window.addEventListener('hashchange', () => void trackPage());

  // ---------- start ----------
  void (async () => {
    let stored: string | undefined;
    try {
      stored = localStorage.getItem(storageKey) ?? undefined;
    } catch {
      // Storage blocked (private mode, sandboxed frame): the visitor is new on each load.
    }
    try {
      session = await api.startSession({
        token: stored,
        name: settings.name,
        email: settings.email,
        ...(settings.identifier ? { identifier: settings.identifier, identifierHash: settings.identifierHash } : {}),
      });
    } catch (err) {
      // The site is not allowed, or identity is required and missing: no bubble at all.
      console.warn('Conversa widget:', err instanceof Error ? err.message : err);
      host.remove();
      return;
    }
    try {
      localStorage.setItem(storageKey, session.token);
    } catch {
      // See above.
    }
    title.textContent = session.channel.name || t.title;
    host.style.setProperty('--accent', session.channel.color ?? '#1f6feb');
    if (session.channel.preChatForm && !session.visitor.name) composer.replaceWith(preChat);
    render();
    api.connect({ ready: () => void catchUp().catch(() => undefined), message: (m) => upsert([m], true) });
    void trackPage();
  })();
}
