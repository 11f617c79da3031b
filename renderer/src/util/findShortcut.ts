import { useEffect } from 'react';

/** The page's own search box: a search input, or any box marked data-page-search. */
const SEARCH_BOX = 'main.content input[type="search"], main.content [data-page-search]';

/**
 * Ctrl+F (⌘F) goes to the page's search box, as office users expect; a page without one keeps the browser's find.
 */
export function useFindShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'f') return;
      const box = [...document.querySelectorAll<HTMLInputElement>(SEARCH_BOX)].find((el) => !el.disabled && el.offsetParent !== null);
      if (!box) return;
      e.preventDefault();
      box.focus();
      box.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
