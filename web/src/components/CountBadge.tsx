/** A small number pill (inbox counts, unread). Hidden from screen readers when `label` is given elsewhere. */
export function CountBadge({ value, tone = 'neutral', max = 999 }: { value: number; tone?: 'neutral' | 'accent'; max?: number }) {
  return <span className={`count count--${tone}`}>{value > max ? `${max}+` : value}</span>;
}
