/**
 * What the right pane shows — one exchange, or one server's fix, or nothing — and how focus
 * moves between the list and the detail.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { DetailTab } from '../ExchangeDetail';

export interface Selection {
  selectedId: string | undefined;
  serverOrigin: string | undefined;
  tab: DetailTab;
  setTab(tab: DetailTab): void;
  /** Shows one exchange (closes a server fix). */
  select(id: string | undefined): void;
  /** Shows one server's fix (closes the exchange). */
  openServerFix(origin: string): void;
  /** Closes the detail and gives the list the focus back. */
  closeDetail(): void;
  /** Moves the focus into the detail's selected tab. */
  openDetail(): void;
  detailRef: { current: HTMLElement | null };
  listRef: { current: HTMLDivElement | null };
}

export function useSelection(): Selection {
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const [serverOrigin, setServerOrigin] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<DetailTab>('verdict');
  const detailRef = useRef<HTMLElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const select = useCallback((id: string | undefined) => {
    setSelectedId(id);
    if (id !== undefined) setServerOrigin(undefined);
  }, []);
  const openServerFix = useCallback((origin: string) => {
    setSelectedId(undefined);
    setServerOrigin(origin);
  }, []);
  const closeDetail = useCallback(() => {
    setSelectedId(undefined);
    setServerOrigin(undefined);
    listRef.current?.querySelector<HTMLElement>('.list')?.focus();
  }, []);
  const openDetail = useCallback(() => {
    detailRef.current?.querySelector<HTMLElement>('.detail-tabs [role="tab"][aria-selected="true"]')?.focus();
  }, []);
  return { selectedId, serverOrigin, tab, setTab, select, openServerFix, closeDetail, openDetail, detailRef, listRef };
}
