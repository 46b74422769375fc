import type { Context } from '../../context.js';
import { transact, type Uow } from '../../db/unit-of-work.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor } from '../visibility/actor.js';
import { authorize } from '../visibility/policy.js';
import type { CustomFieldType } from './custom-field-values.js';
import * as repo from './custom-fields.repo.js';

export type CreateCustomFieldInput = { key: string; label: string; type: CustomFieldType; options?: string[]; position?: number };
export type UpdateCustomFieldInput = { label?: string; options?: string[]; position?: number };

/**
 * Options belong to list fields, which need at least one. `options` undefined is "none given": an error when
 * creating a list field, "unchanged" when updating one.
 */
function checkOptions(type: CustomFieldType, options: string[] | undefined, opts: { creating: boolean }) {
  let message: string | undefined;
  if (type !== 'list') {
    if (options?.length) message = 'only list fields have options';
  } else if (options === undefined ? opts.creating : options.length === 0) {
    message = 'a list field needs at least one option';
  }
  if (message) throw new AppError('validation_failed', [{ path: 'body.options', message }]);
}

const announce = (uow: Uow, actor: Actor) =>
  uow.emit({ workspaceId: actor.workspaceId, type: 'custom_fields.updated', audience: { kind: 'workspace' }, payload: {} });

export function listCustomFields(ctx: Context, actor: Actor) {
  return repo.listDefinitions(ctx.db, actor.workspaceId);
}

export async function createCustomField(ctx: Context, actor: Actor, input: CreateCustomFieldInput) {
  authorize(actor, 'settings.manage');
  checkOptions(input.type, input.options, { creating: true });
  return transact(ctx, async (uow) => {
    const definition = await repo.insertDefinition(uow.tx, { ...input, workspaceId: actor.workspaceId });
    if (!definition) throw new AppError('name_taken', [{ path: 'body.key', message: 'a custom field already has this key' }]);
    announce(uow, actor);
    return definition;
  });
}

/** Label, options and position change; key and type stay, as contacts' stored values depend on them. */
export async function updateCustomField(ctx: Context, actor: Actor, id: number, input: UpdateCustomFieldInput) {
  authorize(actor, 'settings.manage');
  return transact(ctx, async (uow) => {
    const current = await repo.findDefinitionForUpdate(uow.tx, actor.workspaceId, id);
    if (!current) throw notFound();
    checkOptions(current.type, input.options, { creating: false });
    const definition = await repo.updateDefinition(uow.tx, actor.workspaceId, id, input);
    announce(uow, actor);
    return definition;
  });
}

export async function deleteCustomField(ctx: Context, actor: Actor, id: number) {
  authorize(actor, 'settings.manage');
  await transact(ctx, async (uow) => {
    if (!(await repo.deleteDefinition(uow.tx, actor.workspaceId, id))) throw notFound();
    announce(uow, actor);
  });
}
