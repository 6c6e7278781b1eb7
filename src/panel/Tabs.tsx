/**
 * Accessible tabs (WAI-ARIA tabs pattern): arrow keys move between tabs, every panel stays in the
 * DOM (inactive ones `hidden`), so the detail's text is complete for find-in-page and for tests.
 */
import type { ComponentChildren } from 'preact';

export interface TabDef<Id extends string> {
  id: Id;
  label: ComponentChildren;
  /** Rendered whether or not the tab is selected. */
  content: ComponentChildren;
  /** Greyed label (e.g. a browser that printed nothing). */
  dim?: boolean;
}

export function Tabs<Id extends string>({
  name,
  tabs,
  selected,
  onSelect,
  label,
  class: className,
}: {
  /** Prefix for element ids (unique in the page). */
  name: string;
  tabs: Array<TabDef<Id>>;
  selected: Id;
  onSelect(id: Id): void;
  label: string;
  class?: string;
}) {
  const index = Math.max(0, tabs.findIndex((t) => t.id === selected));
  const focusTab = (i: number, list: HTMLElement) => {
    const t = tabs[(i + tabs.length) % tabs.length]!;
    onSelect(t.id);
    (list.querySelector(`#${name}-tab-${t.id}`) as HTMLElement | null)?.focus();
  };
  return (
    <div class={`tabs ${className ?? ''}`}>
      <div
        class="tab-strip"
        role="tablist"
        aria-label={label}
        onKeyDown={(e) => {
          const list = e.currentTarget as HTMLElement;
          const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
          const to = moves[e.key];
          if (to === undefined) return;
          e.preventDefault();
          focusTab(to, list);
        }}
      >
        {tabs.map((t) => (
          <button
            type="button"
            key={t.id}
            id={`${name}-tab-${t.id}`}
            role="tab"
            class={`tab${t.id === selected ? ' active' : ''}${t.dim ? ' dim' : ''}`}
            aria-selected={t.id === selected}
            aria-controls={`${name}-panel-${t.id}`}
            tabIndex={t.id === selected ? 0 : -1}
            data-tab={t.id}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div
          key={t.id}
          id={`${name}-panel-${t.id}`}
          role="tabpanel"
          class="tab-panel"
          aria-labelledby={`${name}-tab-${t.id}`}
          hidden={t.id !== selected}
          data-tab-panel={t.id}
        >
          {t.content}
        </div>
      ))}
    </div>
  );
}
