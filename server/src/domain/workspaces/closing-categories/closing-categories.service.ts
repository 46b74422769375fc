import type { Context } from '../../../context.js';
import type { Executor } from '../../../db/client.js';
import { transact, type Uow } from '../../../db/unit-of-work.js';
import { notFound } from '../../../http/errors.js';
import type { Actor } from '../../visibility/actor.js';
import { authorize } from '../../visibility/policy.js';
import { uniqueOr } from '../../../db/unique-or.js';
import { presentClosingCategory } from './closing-categories.presenter.js';
import * as repo from './closing-categories.repo.js';

// `position` is the 0-based place in the list: writes insert or move there (a position past the end means
// last) and the others shift, as a drag-and-drop settings list expects.

const list = async (db: Executor, workspaceId: number) => (await repo.listCategories(db, workspaceId)).map(presentClosingCategory);

/** IN-9: everyone reads the categories (the close dialog offers them). */
export async function listClosingCategories(ctx: Context, actor: Actor) {
  return list(ctx.db, actor.workspaceId);
}

// The list is short and its order matters, so clients get the whole of it on every change.
async function emitUpdated({ tx, emit }: Uow, workspaceId: number) {
  emit({ workspaceId, type: 'closing_categories.updated', audience: { kind: 'workspace' }, payload: { items: await list(tx, workspaceId) } });
}

export async function createClosingCategory(ctx: Context, actor: Actor, input: { name: string; position?: number }) {
  authorize(actor, 'settings.manage');
  return uniqueOr('closing_categories_name_key', 'name_taken', () =>
    transact(ctx, async (uow) => {
      const all = await repo.lockCategories(uow.tx, actor.workspaceId);
      const position = Math.min(input.position ?? all.length, all.length);
      const row = await repo.insertCategory(uow.tx, actor.workspaceId, input.name, position);
      await emitUpdated(uow, actor.workspaceId);
      return presentClosingCategory(row);
    }),
  );
}

export async function updateClosingCategory(ctx: Context, actor: Actor, id: number, changes: { name?: string; position?: number }) {
  authorize(actor, 'settings.manage');
  return uniqueOr('closing_categories_name_key', 'name_taken', () =>
    transact(ctx, async (uow) => {
      const all = await repo.lockCategories(uow.tx, actor.workspaceId);
      const category = all.find((c) => c.id === id);
      if (!category) throw notFound();
      const position = changes.position === undefined ? undefined : Math.min(changes.position, all.length - 1);
      const row = await repo.updateCategory(uow.tx, category, { name: changes.name, position });
      await emitUpdated(uow, actor.workspaceId);
      return presentClosingCategory(row);
    }),
  );
}

/** Conversations closed with it keep their summary but lose the category (ON DELETE SET NULL). */
export async function deleteClosingCategory(ctx: Context, actor: Actor, id: number) {
  authorize(actor, 'settings.manage');
  await transact(ctx, async (uow) => {
    const category = (await repo.lockCategories(uow.tx, actor.workspaceId)).find((c) => c.id === id);
    if (!category) throw notFound();
    await repo.deleteCategory(uow.tx, category);
    await emitUpdated(uow, actor.workspaceId);
  });
}
