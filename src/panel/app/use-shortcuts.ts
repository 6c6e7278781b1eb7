/** `/` anywhere but in a text field focuses the search; Esc closes an open detail. */
import { useEffect } from 'preact/hooks';

const isTyping = (el: Element | null) =>
  !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el as HTMLElement).isContentEditable);

export function useShortcuts(searchRef: { current: HTMLInputElement | null }, detailOpen: boolean, closeDetail: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === '/' && !isTyping(document.activeElement)) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape' && detailOpen && !isTyping(document.activeElement)) {
        e.preventDefault();
        closeDetail();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [searchRef, detailOpen, closeDetail]);
}
