import type { Context } from '../../context.js';
import { idParams, toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import { presentTag } from './tag.presenter.js';
import * as tags from './tags.service.js';

export function tagRoutes(app: Routes, ctx: Context) {
  app.get('/api/v1/tags', { schema: { tags: ['tags'] } }, async (request) => {
    const rows = await tags.listTags(ctx, request.actor);
    return { items: rows.map(presentTag) };
  });

  app.delete('/api/v1/tags/:id', { schema: { tags: ['tags'], params: idParams } }, async (request, reply) => {
    await tags.deleteTag(ctx, request.actor, toId(request.params.id));
    return reply.status(204).send();
  });
}
