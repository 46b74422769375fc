import type { CustomFieldDefinition } from './custom-field-values.js';

export function presentCustomField(definition: CustomFieldDefinition) {
  return {
    id: String(definition.id),
    key: definition.key,
    label: definition.label,
    type: definition.type,
    options: definition.options,
    position: definition.position,
    createdAt: definition.createdAt.toISOString(),
  };
}
