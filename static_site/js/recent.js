// The audit trail in the agent's words (B1): action names in German and English (shared with the
// admin's audit view), and "Zuletzt bearbeitet" — the agent's own recent customers (GET
// /me/recent-customers) as a short keyboard list on the search screen: ↑↓ (Home/End) move, Enter
// opens the customer, ↑ on the first row hands back to the search field.
// main.js imports this module once, so the header link "Protokoll" has its text before any screen loads.

import { api, ApiError } from "./api.js";
import { h, replace } from "./dom.js";
import { formatDateTime } from "./format.js";
import { addMessages, has, locale, t } from "./i18n.js";
import { onSessionChange } from "./session.js";

addMessages({
  de: {
    "nav.audit": "Protokoll",
    "action.customer.viewed": "Kunde angesehen",
    "action.order.viewed": "Auftrag angesehen",
    "action.support_request.sent": "Support-Anfrage gesendet",
    "action.order.placed": "Bestellung aufgegeben",
    "action.voucher.sent": "Gutschein gesendet",
    "action.agent.invited": "Agent eingeladen",
    "action.agent.invitation_resent": "Einladung erneut gesendet",
    "action.agent.invitation_revoked": "Einladung zurückgezogen",
    "action.agent.disabled": "Agent deaktiviert",
    "action.agent.enabled": "Agent wieder aktiviert",
    "action.agent.role_changed": "Rolle geändert",
    "action.agent.unlocked": "Anmeldesperre aufgehoben",
    "action.email.support_address_set": "Support-Adresse festgelegt",
    "action.email.sender_verification_started": "Absenderadresse zur Bestätigung eingereicht",
    "action.package.changed": "Paket geändert",
    "action.pixi_connection.added": "pixi-Verbindung hinzugefügt",
    "action.pixi_connection.updated": "pixi-Verbindung geändert",
    "action.pixi_connection.removed": "pixi-Verbindung entfernt",
    "action.pixi_connection.default_set": "pixi-Verbindung als Standard gesetzt",
    "outcome.ok": "erfolgreich",
    "outcome.failed": "fehlgeschlagen",
    "recent.title": "Zuletzt bearbeitet",
    "recent.table": "Zuletzt bearbeitete Kunden, neueste zuerst",
    "recent.number": "Kundennummer",
    "recent.name": "Name",
    "recent.action": "Zuletzt",
    "recent.when": "Wann",
    "recent.order": "Auftrag {number}",
    "recent.none": "Sie haben noch keine Kunden bearbeitet. Geöffnete Kunden erscheinen hier.",
    "recent.loading": "Zuletzt bearbeitete Kunden werden geladen …",
    "recent.failed": "Die zuletzt bearbeiteten Kunden konnten nicht geladen werden.",
    "recent.retry": "Erneut laden",
    "recent.hint": "↓ aus dem Suchfeld wählt den ersten Kunden, Enter öffnet ihn.",
    "time.justNow": "gerade eben",
  },
  en: {
    "nav.audit": "Audit log",
    "action.customer.viewed": "Customer viewed",
    "action.order.viewed": "Order viewed",
    "action.support_request.sent": "Support request sent",
    "action.order.placed": "Order placed",
    "action.voucher.sent": "Voucher sent",
    "action.agent.invited": "Agent invited",
    "action.agent.invitation_resent": "Invitation resent",
    "action.agent.invitation_revoked": "Invitation revoked",
    "action.agent.disabled": "Agent disabled",
    "action.agent.enabled": "Agent enabled again",
    "action.agent.role_changed": "Role changed",
    "action.agent.unlocked": "Sign-in lock lifted",
    "action.email.support_address_set": "Support address set",
    "action.email.sender_verification_started": "Sender address submitted for verification",
    "action.package.changed": "Package changed",
    "action.pixi_connection.added": "pixi connection added",
    "action.pixi_connection.updated": "pixi connection changed",
    "action.pixi_connection.removed": "pixi connection removed",
    "action.pixi_connection.default_set": "pixi connection made the default",
    "outcome.ok": "successful",
    "outcome.failed": "failed",
    "recent.title": "Recently worked on",
    "recent.table": "Customers recently worked on, newest first",
    "recent.number": "Customer no.",
    "recent.name": "Name",
    "recent.action": "Last action",
    "recent.when": "When",
    "recent.order": "order {number}",
    "recent.none": "You have not worked on any customer yet. Customers you open appear here.",
    "recent.loading": "Loading customers recently worked on …",
    "recent.failed": "The customers recently worked on could not be loaded.",
    "recent.retry": "Load again",
    "recent.hint": "↓ from the search field selects the first customer, Enter opens it.",
    "time.justNow": "just now",
    // English texts of the support and audit API errors by code (German shows the API's message).
    "code.setup_required": "Support requests are not set up yet. An administrator must set up the support address and a verified sender.",
  },
});

/** "Support-Anfrage gesendet" for support_request.sent; an unknown action is shown by its name. */
export function actionText(action) {
  const key = `action.${action}`;
  return action && has(key) ? t(key) : action || "";
}

/** "erfolgreich" / "fehlgeschlagen". */
export function outcomeText(outcome) {
  return outcome && has(`outcome.${outcome}`) ? t(`outcome.${outcome}`) : outcome || "";
}

/** "vor 5 Min." within the last hour, else the date and time ("22.11.2026, 09:14"). */
export function whenText(iso, now = Date.now()) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return String(iso || "");
  const minutes = Math.round((now - at.getTime()) / 60000);
  if (minutes < 1 && minutes > -2) return t("time.justNow");
  if (minutes >= 1 && minutes < 60) {
    return new Intl.RelativeTimeFormat(locale(), { numeric: "auto", style: "short" }).format(-minutes, "minute");
  }
  return formatDateTime(at);
}

/** A <time> element with the full date and time as its tooltip. */
export function timeElement(iso, cls = null) {
  return h("time", { datetime: iso, title: formatDateTime(iso), class: cls }, whenText(iso));
}

/** How many recent customers the search screen shows (the API gives up to 20). */
export const RECENT_SHOWN = 8;

// The last answer of this session: shown at once when the search screen opens again.
let lastAnswer = null;

onSessionChange((session) => {
  if (!session) lastAnswer = null;
});

/** GET /me/recent-customers -> [{customer_key, customer_number, name, last_action, last_outcome, at, order_number}]. */
export async function loadRecentCustomers({ signal } = {}) {
  const answer = await api.get("/me/recent-customers", { signal });
  lastAnswer = answer.customers || [];
  return lastAnswer;
}

/**
 * The "Zuletzt bearbeitet" card: {element, refresh(), focusFirst() -> bool, dispose()}.
 * onLeaveTop() is called when ↑ is pressed on the first row (the search field takes the focus back).
 */
export function recentCustomersCard({ onLeaveTop = null } = {}) {
  let controller = null;
  const body = h("div", { class: "recent-body" });
  const element = h("section", { class: "card recent-card", "aria-labelledby": "recent-title" },
    h("h2", { id: "recent-title" }, t("recent.title")),
    body);

  const links = () => [...body.querySelectorAll("a.recent-link")];

  function select(link) {
    for (const row of body.querySelectorAll("tr[aria-selected='true']")) row.setAttribute("aria-selected", "false");
    if (!link) return;
    link.closest("tr").setAttribute("aria-selected", "true");
    link.focus();
  }

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
          dataset: { key: String(c.customer_key) }, "aria-selected": "false",
        },
        h("td", { class: "col-number" },
          h("a", { class: "recent-link", href: `#/customers/${encodeURIComponent(c.customer_key)}` },
            c.customer_number || String(c.customer_key))),
        h("td", { class: "col-name" }, h("span", { class: "name" }, c.name || "–")),
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
    if (lastAnswer) render(lastAnswer);
    else replace(body, h("p", { class: "muted", role: "status" }, t("recent.loading")));
    element.setAttribute("aria-busy", "true");
    try {
      const customers = await loadRecentCustomers({ signal: mine.signal });
      if (controller !== mine) return;
      const focusedKey = document.activeElement?.closest?.(".recent-table tr")?.dataset.key;
      render(customers);
      // A refresh must not take the focus away from the row the agent is on.
      if (focusedKey) {
        const again = links().find((a) => a.closest("tr").dataset.key === focusedKey);
        if (again) select(again);
      }
    } catch (err) {
      if (controller !== mine || mine.signal.aborted) return;
      if (err instanceof ApiError && err.status === 401) return;
      if (lastAnswer) return; // keep the list shown before
      replace(body, h("div", { class: "recent-failed" },
        h("p", { class: "muted" }, t("recent.failed"), " ", err.message || ""),
        h("button", { type: "button", class: "button-quiet", onClick: () => refresh() }, t("recent.retry"))));
    } finally {
      if (controller === mine) {
        controller = null;
        element.removeAttribute("aria-busy");
      }
    }
  }

  body.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at === -1) return;
    let next = null;
    if (event.key === "ArrowDown") next = all[Math.min(at + 1, all.length - 1)];
    else if (event.key === "ArrowUp") {
      if (at === 0 && onLeaveTop) {
        event.preventDefault();
        select(null);
        onLeaveTop();
        return;
      }
      next = all[Math.max(at - 1, 0)];
    } else if (event.key === "Home") next = all[0];
    else if (event.key === "End") next = all[all.length - 1];
    if (next) {
      event.preventDefault();
      select(next);
    }
  });
  body.addEventListener("focusin", (event) => {
    if (!event.target.matches?.("a.recent-link")) return;
    for (const row of body.querySelectorAll("tr[aria-selected='true']")) row.setAttribute("aria-selected", "false");
    event.target.closest("tr").setAttribute("aria-selected", "true");
  });
  // A click anywhere on a row opens the customer.
  body.addEventListener("click", (event) => {
    const row = event.target.closest?.("tbody tr");
    if (!row || event.target.closest("a") || window.getSelection()?.toString()) return;
    row.querySelector("a.recent-link")?.click();
  });

  return {
    element,
    refresh,
    /** Put the focus on the first customer; false when the list is empty. */
    focusFirst() {
      const first = links()[0];
      if (!first) return false;
      select(first);
      return true;
    },
    dispose() {
      controller?.abort();
      controller = null;
    },
  };
}
