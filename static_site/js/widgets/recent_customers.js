// "Zuletzt bearbeitet": the agent's own recent customers as a short keyboard list on the search
// screen: ↑↓ (Home/End) move, Enter opens the customer, ↑ on the first row hands back to the search
// field. A customer is a key on a pixi connection: opening one of another connection switches the
// page to that connection first; with several connections each row names its connection.

import { isApiStatus } from "../api/http.js";
import { h, replace } from "../dom.js";
import { formatDateTime, formatWhen } from "../format.js";
import { t } from "../i18n/index.js";
import { connectionLabel, switchToConnection } from "../state/customer_connections.js";
import { loadConnections } from "../state/pixi_connections.js";
import { lastRecentCustomers, loadRecentCustomers } from "../state/recent_customers.js";
import { actionText, outcomeText } from "../words/audit.js";
import { listNavigation } from "./list_nav.js";

/** @typedef {import("../api/me.js").RecentCustomer} RecentCustomer */

/** How many recent customers the search screen shows (the API gives up to 20). */
export const RECENT_SHOWN = 8;

/**
 * A <time> element with the full date and time as its tooltip.
 * @param {string} iso
 */
function timeElement(iso) {
  return h("time", { datetime: iso, title: formatDateTime(iso) }, formatWhen(iso));
}

/**
 * The "Zuletzt bearbeitet" card: {element, refresh(), focusFirst() -> bool, dispose()}.
 * onLeaveTop() is called when ↑ is pressed on the first row (the search field takes the focus back).
 * @param {{onLeaveTop?: () => void}} [options]
 */
export function recentCustomersCard({ onLeaveTop } = {}) {
  /** @type {AbortController | null} */
  let controller = null;
  const body = h("div", { class: "recent-body" });
  const element = h("section", { class: "card recent-card", "aria-labelledby": "recent-title" },
    h("h2", { id: "recent-title" }, t("recent.title")),
    body);
  const nav = listNavigation({ root: body, linkSelector: "a.recent-link", onLeaveTop });

  /** @param {RecentCustomer[]} customers */
  function render(customers) {
    if (!customers.length) {
      replace(body, h("p", { class: "muted recent-none" }, t("recent.none")));
      return;
    }
    replace(body,
      h("table", { class: "data-table recent-table", "aria-label": t("recent.table") },
        h("thead", null, h("tr", null,
          h("th", { scope: "col" }, t("recent.number")),
          h("th", { scope: "col" }, t("recent.name")),
          h("th", { scope: "col" }, t("recent.action")),
          h("th", { scope: "col" }, t("recent.when")))),
        h("tbody", null, customers.slice(0, RECENT_SHOWN).map((c) => h("tr", {
          dataset: { key: `${c.connection_id || ""}:${c.customer_key}`, connection: c.connection_id || "" },
          "aria-selected": "false",
        },
        h("td", { class: "col-number" },
          h("a", {
            class: "recent-link", href: `#/customers/${encodeURIComponent(c.customer_key)}`,
            onClick: (/** @type {Event} */ event) => {
              if (!switchToConnection(c.connection_id)) event.preventDefault();
            },
          }, c.customer_number || String(c.customer_key))),
        h("td", { class: "col-name" }, h("span", { class: "name" }, c.name || "–"),
          connectionLabel(c.connection_id, c.connection_recorded)
            ? h("span", { class: "muted recent-connection" },
              ` · ${connectionLabel(c.connection_id, c.connection_recorded)}`) : null),
        h("td", { class: "col-action" },
          actionText(c.last_action),
          c.order_number ? h("span", { class: "muted" }, ` · ${t("recent.order", { number: c.order_number })}`) : null,
          c.last_outcome === "failed" ? h("span", { class: "badge badge-locked" }, outcomeText("failed")) : null),
        h("td", { class: "col-when" }, timeElement(c.at)))))),
      h("p", { class: "hint" }, t("recent.hint")));
  }

  async function refresh() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const shownBefore = lastRecentCustomers();
    if (shownBefore) render(shownBefore);
    else replace(body, h("p", { class: "muted", role: "status" }, t("recent.loading")));
    element.setAttribute("aria-busy", "true");
    try {
      // The connections name the rows and say where a customer opens.
      const [customers] = await Promise.all([
        loadRecentCustomers({ signal: mine.signal }), loadConnections().catch(() => []),
      ]);
      if (controller !== mine) return;
      const focusedRow = document.activeElement?.closest(".recent-table tr");
      const focusedKey = focusedRow instanceof HTMLElement ? focusedRow.dataset.key : undefined;
      render(customers);
      // A refresh must not take the focus away from the row the agent is on.
      if (focusedKey) {
        const again = nav.links().find((a) => a.closest("tr")?.dataset.key === focusedKey);
        if (again) nav.select(again);
      }
    } catch (err) {
      if (controller !== mine || mine.signal.aborted) return;
      if (isApiStatus(err, 401)) return;
      if (shownBefore) return; // keep the list shown before
      replace(body, h("div", { class: "recent-failed" },
        h("p", { class: "muted" }, t("recent.failed"), " ", err instanceof Error ? err.message : ""),
        h("button", { type: "button", class: "button-quiet", onClick: () => refresh() }, t("recent.retry"))));
    } finally {
      if (controller === mine) {
        controller = null;
        element.removeAttribute("aria-busy");
      }
    }
  }

  return {
    element,
    refresh,
    /** Put the focus on the first customer; false when the list is empty. */
    focusFirst() {
      const first = nav.links()[0];
      if (!first) return false;
      nav.select(first);
      return true;
    },
    dispose() {
      controller?.abort();
      controller = null;
    },
  };
}
