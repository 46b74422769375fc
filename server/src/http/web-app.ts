import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built web app (`npm run build -w web`), next to the server workspace. */
export const defaultWebDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths the web app never owns: an unknown one there is the API's 404 envelope, not the app. */
const serverOwned = /^\/(api|webhooks|socket\.io|widget)(\/|$)/;

function isDirectory(dir: string) {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * Serves the single-page app on the same origin as the API: its files, and `index.html` for every other GET
 * (client-side routes such as /inbox/mine), except under /api, /webhooks, /socket.io and /widget. Does nothing when the
 * app is not built, so the API runs (and tests pass) without a build. Returns whether the app is served.
 */
export async function serveWebApp(app: FastifyInstance, distDir: string = defaultWebDist): Promise<boolean> {
  const root = path.resolve(distDir);
  if (!isDirectory(root) || !statSync(path.join(root, 'index.html'), { throwIfNoEntry: false })?.isFile()) return false;
  // `serve: false`: only `reply.sendFile`; the one route below decides what a path means.
  await app.register(fastifyStatic, { root, serve: false, index: false, dotfiles: 'ignore' });

  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url, 'http://app').pathname);
    } catch {
      return reply.callNotFound();
    }
    if (serverOwned.test(pathname)) return reply.callNotFound();
    const file = path.resolve(root, `.${pathname}`);
    if (file.startsWith(root + path.sep) && statSync(file, { throwIfNoEntry: false })?.isFile()) {
      const relative = path.relative(root, file);
      // Vite names built assets by content hash: they never change, so browsers may keep them for good.
      if (relative.startsWith(`assets${path.sep}`)) return reply.sendFile(relative, { maxAge: '365d', immutable: true });
      return reply.sendFile(relative, { maxAge: '1h' });
    }
    // A missing hashed asset is a stale page asking for an old build: a 404, not HTML under a .js name.
    if (pathname.startsWith('/assets/')) return reply.callNotFound();
    // Any other path is a client-side route: the app shell, never cached, so a new build is picked up at once.
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  });
  return true;
}
