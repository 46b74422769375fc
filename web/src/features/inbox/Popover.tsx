import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A button that opens a panel below it (a disclosure): Escape or a click outside closes it and gives focus
 * back to the button. `children` gets `close`.
 */
export function Popover({
  label,
  button,
  children,
  align = 'end',
  className,
  testId,
}: {
  label: string;
  button: ReactNode;
  children: (close: () => void) => ReactNode;
  align?: 'start' | 'end';
  className?: string;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div
      className={['popover', className].filter(Boolean).join(' ')}
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button ref={trigger} type="button" className="btn btn--secondary btn--sm" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)} data-testid={testId}>
        {button}
      </button>
      {open ? (
        <div id={id} className={`popover__panel popover__panel--${align}`} role="group" aria-label={label}>
          {children(close)}
        </div>
      ) : null}
    </div>
  );
}
