import type { Context } from '../../context.js';
import { transact, type Uow } from '../../db/unit-of-work.js';
import { notFound } from '../../http/errors.js';
import type { Actor } from '../visibility/actor.js';
import { authorize } from '../visibility/policy.js';
import { distinctNames } from './tag-names.js';
import * as repo from './tags.repo.js';

export function listTags(ctx: Context, actor: Actor) {
  return repo.listTagsWithCounts(ctx.db, actor);
}

/** The workspace's tags with these names, created on the fly (CT-2); clients refresh their tag list when one is new. */
export async function ensureTags(uow: Uow, workspaceId: number, names: string[]) {
  if (names.length === 0) return [];
  const { tags, created } = await repo.ensureTags(uow.tx, workspaceId, distinctNames(names));
  if (created) uow.emit({ workspaceId, type: 'tags.updated', audience: { kind: 'workspace' }, payload: {} });
  return tags;
}

/** CT-2: removing a tag from the workspace untags its contacts and deletes none of them. */
export async function deleteTag(ctx: Context, actor: Actor, id: number) {
  authorize(actor, 'settings.manage');
  await transact(ctx, async ({ tx, emit }) => {
    if (!(await repo.deleteTag(tx, actor.workspaceId, id))) throw notFound();
    emit({ workspaceId: actor.workspaceId, type: 'tag.deleted', audience: { kind: 'workspace' }, payload: { tagId: String(id) } });
  });
}
