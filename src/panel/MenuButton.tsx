/**
 * A toolbar button that opens a popup menu: the open state, the toggle button with its ARIA state,
 * and closing on Escape or a click outside. The menu's content gets `close` for items that act.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState, type MutableRef } from 'preact/hooks';

/** Closes a popup menu on Escape or a click outside `root`. */
function useDismiss(open: boolean, setOpen: (open: boolean) => void, root: MutableRef<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
}

export interface MenuButtonProps {
  /** data-action of the toggle button (what the e2e tests and shortcuts click). */
  action: string;
  /** The button's tooltip. */
  title: string;
  /** The button's face. */
  label: ComponentChildren;
  /** aria-label of the menu, and its extra class. */
  menuLabel: string;
  menuClass?: string;
  children: (close: () => void) => ComponentChildren;
}

export function MenuButton(p: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(open, setOpen, root);
  return (
    <div class="menu-root" ref={root}>
      <button type="button" class="tool-button" data-action={p.action} aria-haspopup="true" aria-expanded={open} title={p.title} onClick={() => setOpen(!open)}>
        {p.label}
      </button>
      {open && (
        <div class={p.menuClass ? `menu ${p.menuClass}` : 'menu'} role="group" aria-label={p.menuLabel}>
          {p.children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
