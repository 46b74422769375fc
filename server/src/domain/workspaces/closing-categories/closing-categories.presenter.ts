import type { ClosingCategoryRow } from './closing-categories.repo.js';

export function presentClosingCategory(category: ClosingCategoryRow) {
  return { id: String(category.id), name: category.name, position: category.position };
}
