import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** The built web chat widget (`npm run build -w widget`), next to the server workspace. */
export const defaultWidgetScript = fileURLToPath(new URL('../../../widget/dist/widget.js', import.meta.url));

/**
 * `GET /widget.js`: the script customers embed on their sites (any origin may load it). Not content-hashed, so
 * browsers keep it only briefly and a new build reaches every site within minutes. 404 until it is built.
 */
export function serveWidgetScript(app: FastifyInstance, file: string = defaultWidgetScript) {
  let cached: { mtimeMs: number; body: Buffer } | undefined;
  app.get('/widget.js', { schema: { hide: true } }, async (_request, reply) => {
    const info = await stat(file).catch(() => undefined);
    if (!info) return reply.callNotFound();
    if (cached?.mtimeMs !== info.mtimeMs) cached = { mtimeMs: info.mtimeMs, body: await readFile(file) };
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send(cached.body);
  });
}
