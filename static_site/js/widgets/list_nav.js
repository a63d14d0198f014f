// Keyboard navigation of a list of rows, each with one link (the search results, "Zuletzt
// bearbeitet", a customer's orders): ↑↓ move, Home/End jump, Enter opens (the link does it), the
// selected row has aria-selected="true", a focused link selects its row, and a click anywhere on a
// row opens it (text stays selectable for copying).
//
//   const nav = listNavigation({ root: results, linkSelector: "a.row-link", onLeaveTop: focusField });
//   nav.select(nav.links()[0]);

/**
 * @typedef {object} ListNavigationOptions
 * @property {HTMLElement} root  the element that holds the rows (keys and clicks are listened to here)
 * @property {string} linkSelector  the link of a row, e.g. "a.row-link"
 * @property {(row: HTMLElement) => void} [onSelect]  after a row was selected (e.g. remember it)
 * @property {() => void} [onLeaveTop]  ArrowUp on the first row; without it the first row stays selected
 * @property {() => void} [onEscape]  Esc on a row; without it Esc is left to the shell
 */
/**
 * @typedef {object} ListNavigation
 * @property {() => HTMLAnchorElement[]} links
 * @property {(link: HTMLAnchorElement | null, options?: {focus?: boolean}) => void} select
 */

/**
 * @param {ListNavigationOptions} options
 * @returns {ListNavigation}
 */
export function listNavigation({ root, linkSelector, onSelect, onLeaveTop, onEscape }) {
  /** @returns {HTMLAnchorElement[]} */
  const links = () => [...root.querySelectorAll(/** @type {"a"} */ (linkSelector))];

  /** @param {HTMLAnchorElement} link */
  const rowOf = (link) => /** @type {HTMLElement} */ (link.closest("tr"));

  /** @type {ListNavigation["select"]} */
  function select(link, { focus = true } = {}) {
    for (const row of root.querySelectorAll("tr[aria-selected='true']")) row.setAttribute("aria-selected", "false");
    if (!link) return;
    const row = rowOf(link);
    row.setAttribute("aria-selected", "true");
    onSelect?.(row);
    if (focus) {
      link.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  root.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const all = links();
    const at = all.indexOf(/** @type {HTMLAnchorElement} */ (document.activeElement));
    if (at === -1) return;
    if (event.key === "Escape" && onEscape) {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key === "ArrowUp" && at === 0 && onLeaveTop) {
      event.preventDefault();
      select(null);
      onLeaveTop();
      return;
    }
    /** @type {HTMLAnchorElement | undefined} */
    let next;
    if (event.key === "ArrowDown") next = all[Math.min(at + 1, all.length - 1)];
    else if (event.key === "ArrowUp") next = all[Math.max(at - 1, 0)];
    else if (event.key === "Home") next = all[0];
    else if (event.key === "End") next = all[all.length - 1];
    if (next) {
      event.preventDefault();
      select(next);
    }
  });

  root.addEventListener("focusin", (event) => {
    const target = event.target;
    if (target instanceof HTMLAnchorElement && target.matches(linkSelector)) select(target, { focus: false });
  });

  root.addEventListener("click", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const row = target.closest("tbody tr");
    if (!row || !root.contains(row) || target.closest("a") || window.getSelection()?.toString()) return;
    row.querySelector(/** @type {"a"} */ (linkSelector))?.click();
  });

  return { links, select };
}
