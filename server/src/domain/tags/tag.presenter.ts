export function presentTag(tag: { id: number; name: string; contactCount: number }) {
  return { id: String(tag.id), name: tag.name, contactCount: tag.contactCount };
}
