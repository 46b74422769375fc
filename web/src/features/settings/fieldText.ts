/** Text helpers of the custom-field form (pure: tested in fieldText.test.ts). */

/** One option per line (an option may contain commas: "São Paulo, SP"), trimmed, without blank lines. */
export function parseOptions(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A key suggested from a label: "Número de cliente" → "numero_de_cliente". */
export function keyFromLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50);
}
