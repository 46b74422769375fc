/**
 * Where quoted history starts in a reply's plain text: the attribution line mail clients write above the quote
 * ("On … wrote:", in the languages our customers write in), Outlook's separators, or a run of "> " lines that goes on
 * to the end.
 */
const ATTRIBUTION = [
  /^On\b.{1,300}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird (en)
  /^El\b.{1,300}\bescribió:\s*$/i, // es
  /^Em\b.{1,300}\bescreveu:\s*$/i, // pt
  /^Le\b.{1,300}\ba écrit\s*:\s*$/i, // fr
  /^Am\b.{1,300}\bschrieb\b.{0,100}:\s*$/i, // de
];
const SEPARATOR = [/^-{2,}\s*(Original Message|Mensaje original|Mensagem original|Forwarded message)\s*-{2,}\s*$/i, /^_{20,}\s*$/];
const QUOTE_LINE = /^\s*>/;

/**
 * Splits a plain-text body into what the sender wrote now and the quoted history below it (shown on request). A body
 * that is nothing but a quote (a forward) is kept whole.
 */
export function splitQuoted(text: string): { reply: string; quoted?: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = quoteStart(lines);
  if (start === undefined) return { reply: text.trim() };
  const reply = lines.slice(0, start).join('\n').trim();
  const quoted = lines.slice(start).join('\n').trim();
  if (!reply) return { reply: text.trim() };
  return { reply, quoted };
}

function quoteStart(lines: string[]): number | undefined {
  // Where the trailing run of quote and blank lines begins: found once, so a long body costs one pass, not one per line.
  let trailingQuote = lines.length;
  while (trailingQuote > 0 && (QUOTE_LINE.test(lines[trailingQuote - 1]!) || lines[trailingQuote - 1]!.trim() === '')) trailingQuote--;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    // Gmail wraps a long attribution over two lines: "On Mon, 3 Jun 2024 at 10:20, Acme Support <…>\nwrote:".
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    if (ATTRIBUTION.some((re) => re.test(line))) return i;
    if (ATTRIBUTION.some((re) => re.test(joined)) && lines[i + 1]!.trim().length < 40) return i;
    if (SEPARATOR.some((re) => re.test(line))) return i;
    if (QUOTE_LINE.test(lines[i]!) && i >= trailingQuote) return i;
  }
  return undefined;
}
