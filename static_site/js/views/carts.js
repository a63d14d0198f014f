// C5 "Offene Warenkörbe": the tenant's open and parked carts (all agents or only mine), newest
// change first. ↑↓ and Enter open one; a parked cart (or one of another agent) can be taken over:
// the agent becomes its owner and goes on with it.

import * as carts from "../api/carts.js";
import { isApiStatus } from "../api/http.js";
import { h, replace } from "../dom.js";
import { formatDateTime, formatMoney } from "../format.js";
import { t } from "../i18n/index.js";
import { navigate } from "../router.js";
import { currentAgent } from "../state/session.js";
import { busy } from "../widgets/form.js";
import { listNavigation } from "../widgets/list_nav.js";
import { errorBox, skeleton, whileBusy } from "../widgets/loading.js";
import { cartHash } from "./order_form.js";

export const titleKey = "carts.title";

/** @type {{id: string, status: "open" | "parked" | undefined}[]} */
const FILTERS = [
  { id: "all", status: undefined },
  { id: "open", status: "open" },
  { id: "parked", status: "parked" },
];

export function mount(container, match) {
  let alive = true;
  let filter = match.query.status === "parked" || match.query.status === "open" ? match.query.status : "all";
  let mine = match.query.mine === "true";
  const justParked = match.query.parked || null;

  const status = h("div", { class: "view-status", role: "status", "aria-live": "polite" });
  const content = h("div", { id: "carts-content" });
  const filterButtons = FILTERS.map((f) => {
    const button = h("button", { type: "button", class: "button-quiet filter-button", dataset: { filter: f.id },
      "aria-pressed": String(filter === f.id) }, t(`carts.filter.${f.id}`));
    button.addEventListener("click", () => {
      filter = f.id;
      for (const b of filterButtons) b.setAttribute("aria-pressed", String(b === button));
      load();
    });
    return button;
  });
  const mineBox = h("input", { type: "checkbox", id: "carts-mine" });
  mineBox.checked = mine;
  mineBox.addEventListener("change", () => {
    mine = mineBox.checked;
    load();
  });
  const newOrder = h("a", { class: "button-secondary", href: "#/order/new", id: "carts-new" }, t("nav.newOrder"));
  container.append(h("section", { class: "carts-view", "aria-labelledby": "carts-title" },
    h("div", { class: "section-head" }, h("h1", { id: "carts-title", tabindex: "-1" }, t("carts.title")), newOrder),
    h("div", { class: "carts-filters", role: "group", "aria-label": t("carts.filterLabel") },
      filterButtons, h("label", { class: "check" }, mineBox, " ", t("carts.mine"))),
    status, content));

  const nav = listNavigation({ root: content, linkSelector: "a.row-link" });

  /** @param {import("../api/carts.js").CartSummary} c @param {HTMLButtonElement} button */
  async function takeOver(c, button) {
    try {
      await busy(button, t("carts.takingOver"), async () => {
        const cart = await carts.get(c.cart_id);
        await carts.takeOver(cart.cart_id, cart.version);
      });
    } catch (err) {
      if (!alive) return;
      content.prepend(errorBox({ title: t("carts.takeOverFailed"), err }));
      return;
    }
    navigate(`/carts/${c.cart_id}`);
  }

  async function load() {
    const chosen = FILTERS.find((f) => f.id === filter);
    if (!content.childElementCount) replace(content, skeleton(t("carts.loading"), { lines: 3 }));
    let answer;
    try {
      answer = await whileBusy(content, carts.list({ status: chosen?.status, mine: mine || undefined }));
    } catch (err) {
      if (!alive || isApiStatus(err, 401)) return;
      replace(content, errorBox({ title: t("carts.failed"), err, onRetry: load }));
      return;
    }
    if (!alive) return;
    const rows = answer.carts || [];
    status.textContent = t("carts.count", { n: rows.length });
    if (!rows.length) {
      replace(content, h("p", { class: "empty-state" }, t("carts.none")));
      return;
    }
    const myEmail = currentAgent()?.email;
    replace(content, h("table", { class: "data-table row-table carts-table", id: "carts-table", "aria-labelledby": "carts-title" },
      h("thead", null, h("tr", null, ["customer", "status", "lines", "total", "owner", "note", "updated", "actions"].map((c) =>
        h("th", { scope: "col", class: ["lines", "total"].includes(c) ? "num" : null }, t(`carts.col.${c}`))))),
      h("tbody", null, rows.map((c) => {
        const takeButton = c.status === "parked" || c.owner_email !== myEmail
          ? h("button", { type: "button", class: "button-secondary take-over", dataset: { cartId: c.cart_id } }, t("carts.takeOver")) : null;
        takeButton?.addEventListener("click", () => takeOver(c, takeButton));
        return h("tr", { dataset: { cartId: c.cart_id, status: c.status }, "aria-selected": String(c.cart_id === justParked) },
          h("td", null, h("a", { class: "row-link", href: cartHash(c.cart_id) }, c.customer_name || c.customer_number || t("orderForm.newCustomer")),
            c.customer_number ? h("span", { class: "mono muted small" }, ` ${c.customer_number}`) : null),
          h("td", null, h("span", { class: `status-badge cart-${c.status}` }, t(`cartStatus.${c.status}`))),
          h("td", { class: "num" }, String(c.lines_count)),
          h("td", { class: "num" }, formatMoney(c.total, c.currency)),
          h("td", null, c.owner_email),
          h("td", { class: "parked-note" }, c.parked_note || ""),
          h("td", null, formatDateTime(c.updated_at)),
          h("td", null, takeButton));
      }))));
    const parked = justParked ? nav.links().find((a) => a.closest("tr")?.dataset.cartId === justParked) : null;
    if (parked) nav.select(parked);
  }

  load();
  return { unmount() { alive = false; } };
}
