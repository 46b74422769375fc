// Issue 4, item 1 and "Done when" (web chat): a visitor on a page of ANOTHER origin opens the widget and writes; the
// agent sees it live in the inbox and replies; the visitor sees the reply live with the agent's name; the agent sends a
// PDF from the composer and the visitor gets it as a file to download; a reload keeps the history. The channel is
// connected through Settings and the embed snippet is taken from there.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import { assertNoReload, journey, markNoReload, signUp } from '../harness.ts';

/** A customer's website on its own origin (http://localhost:<port>, the Conversa node is http://127.0.0.1:<other>). */
async function customerSite(snippet: string): Promise<{ url: string; server: Server }> {
  const html = (title: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
    `<style>body{font-family:serif;background:#fdf6e3} *{color:red !important}</style></head>` +
    `<body><h1>${title}</h1><p>Hand-made shoes.</p><a href="/shipping">Shipping</a>` +
    `<script>window.conversaSettings = { name: 'Vera Visitor' };</script>${snippet}</body></html>`;
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html(request.url === '/shipping' ? 'Shipping' : 'Zapatería'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}

journey('a visitor on another site chats live with an agent through the widget; a reload keeps the history', async (j) => {
  const agent = await j.newPage();
  await signUp(agent, { workspaceName: 'Zapatería', name: 'Olivia Owner' });

  // Settings → Channels → Connect web chat, allowed on the customer's host only.
  await agent.goto('/settings/channels');
  await agent.getByRole('button', { name: 'Connect a channel' }).click();
  const dialog = agent.getByRole('dialog');
  await dialog.getByRole('button', { name: /^Web chat/ }).click();
  await dialog.getByLabel('Name').fill('Zapatería web');
  await dialog.getByLabel('Allowed domains').fill('localhost');
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  const snippet = await dialog.locator('input[name=embed]').inputValue();
  assert.match(snippet, /^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-key="cvw_[\w-]+" async><\/script>$/);
  await j.screenshot(agent, 'webchat-settings-embed');
  await dialog.getByRole('button', { name: 'I have copied them' }).click();
  await agent.getByRole('cell', { name: 'Zapatería web', exact: true }).waitFor();

  await agent.goto('/inbox/unassigned');
  await markNoReload(agent);

  // The visitor, on the customer's site (another origin), opens the bubble and writes.
  const site = await customerSite(snippet);
  const visitor = await j.newPage();
  await visitor.goto(site.url);
  const bubble = visitor.getByRole('button', { name: 'Open chat' });
  await bubble.click();
  const panel = visitor.getByRole('dialog', { name: 'Zapatería web' });
  await panel.waitFor();
  const box = panel.getByRole('textbox', { name: 'Write a message…' });
  await box.fill('Hola, do you have size 42?');
  await box.press('Enter');
  await panel.getByText('Hola, do you have size 42?').waitFor();

  // Live in the agent's inbox, named from the site's settings; the agent replies.
  const row = agent.locator('[data-testid=inbox-row]', { hasText: 'Vera Visitor' });
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  const history = agent.getByRole('log', { name: 'Message history' });
  await history.getByText('Hola, do you have size 42?').waitFor();
  // The page the visitor wrote from is on the timeline.
  await history.getByText(`The visitor opened ${site.url}/`).waitFor();
  const composer = agent.getByRole('textbox', { name: 'Message' });
  await composer.fill('Yes! In brown and black.');
  await composer.press('Enter');
  await assertNoReload(agent);

  // The visitor sees it live, with the agent's name; the agent's message turns read.
  await panel.getByText('Yes! In brown and black.').waitFor({ timeout: 10_000 });
  await panel.getByText('Olivia Owner').waitFor();
  await j.screenshot(visitor, 'webchat-widget-open');

  // IN-11: the agent attaches a PDF with a caption; the visitor's widget shows it live as a file to download.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
  const [chooser] = await Promise.all([agent.waitForEvent('filechooser'), agent.getByRole('button', { name: 'Attach a file' }).click()]);
  await chooser.setFiles({ name: 'guia-de-tallas.pdf', mimeType: 'application/pdf', buffer: pdf });
  await agent.getByTestId('file-chip').getByText('guia-de-tallas.pdf').waitFor();
  await agent.getByRole('textbox', { name: 'Caption' }).fill('Our size guide');
  await agent.getByRole('textbox', { name: 'Caption' }).press('Enter');
  const sentFile = history.locator('[data-testid=message]', { hasText: 'Our size guide' }).getByTestId('message-file');
  await sentFile.getByText('guia-de-tallas.pdf').waitFor({ timeout: 10_000 });
  await j.screenshot(agent, 'webchat-agent-file');
  const agentCopy = await agent.request.get((await sentFile.getAttribute('href'))!);
  assert.equal(agentCopy.status(), 200);
  assert.deepEqual(await agentCopy.body(), pdf);
  const fileLink = panel.getByRole('link', { name: 'guia-de-tallas.pdf' });
  await fileLink.waitFor({ timeout: 10_000 });
  await panel.getByText('Our size guide').waitFor();
  await j.screenshot(visitor, 'webchat-widget-file');
  // The link downloads the PDF itself (the visitor's capability URL, no session needed).
  const download = await fetch((await fileLink.getAttribute('href'))!);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  assert.match(download.headers.get('content-disposition') ?? '', /^attachment;.*guia-de-tallas\.pdf/);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), pdf);

  // The visitor goes to another page of the site: the page change is on the agent's timeline, live.
  await visitor.getByRole('link', { name: 'Shipping' }).click();
  await visitor.waitForURL(`${site.url}/shipping`);
  await history.getByText(`The visitor opened ${site.url}/shipping`).waitFor({ timeout: 10_000 });

  // Same visitor after the load (the token survived in localStorage): the history is there.
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const again = visitor.getByRole('dialog', { name: 'Zapatería web' });
  await again.getByText('Hola, do you have size 42?').waitFor();
  await again.getByText('Yes! In brown and black.').waitFor();
  await visitor.reload();
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitor.getByRole('dialog', { name: 'Zapatería web' }).getByText('Yes! In brown and black.').waitFor();

  // Closed with the keyboard, the next reply shows as an unread badge; Enter on the focused bubble opens it again.
  await visitor.keyboard.press('Escape');
  await visitor.getByRole('dialog', { name: 'Zapatería web' }).waitFor({ state: 'hidden' });
  await composer.fill('Anything else?');
  await composer.press('Enter');
  const badged = visitor.getByRole('button', { name: 'Open chat (1 unread messages)' });
  await badged.waitFor({ timeout: 10_000 });
  await j.screenshot(visitor, 'webchat-widget-unread');
  await visitor.keyboard.press('Enter');
  await visitor.getByRole('dialog', { name: 'Zapatería web' }).getByText('Anything else?').waitFor();
  await visitor.getByRole('button', { name: 'Close chat', exact: true }).first().waitFor();
  assert.equal(await badged.count(), 0);

  // A visitor whose browser speaks Spanish gets the widget in Spanish.
  const spanish = await j.newPage({ locale: 'es-ES' });
  await spanish.goto(site.url);
  await spanish.getByRole('button', { name: 'Abrir el chat' }).click();
  await spanish.getByRole('textbox', { name: 'Escribe un mensaje…' }).waitFor();

  // Nothing was stored twice through the reloads and reconnects.
  assert.equal(await history.getByText('Hola, do you have size 42?').count(), 1);
  // The site's own CSS (every colour red) does not reach the widget.
  const sendColour = await visitor.getByRole('button', { name: 'Send' }).evaluate((b) => getComputedStyle(b).color);
  assert.equal(sendColour, 'rgb(255, 255, 255)');
});
