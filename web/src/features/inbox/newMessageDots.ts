import { useSyncExternalStore } from 'react';

/**
 * IN-3 new-message dots: an inbound `message.created` names (in `event.inbox`) the one inbox whose dot it
 * lights; opening that inbox clears it. Kept for this tab only.
 */
let dots = new Set<string>();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export const newMessageDots = {
  light(view: string) {
    if (dots.has(view)) return;
    dots = new Set(dots).add(view);
    emit();
  },
  clear(view: string) {
    if (!dots.has(view)) return;
    dots = new Set(dots);
    dots.delete(view);
    emit();
  },
  reset() {
    dots = new Set();
    emit();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  snapshot: () => dots,
};

export function useNewMessageDots(): ReadonlySet<string> {
  return useSyncExternalStore(newMessageDots.subscribe, newMessageDots.snapshot, newMessageDots.snapshot);
}
