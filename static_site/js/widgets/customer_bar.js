// The header bar of the current customer: name, customer number, business/locked badges, and the
// way back to the overview and the search. It stays on top (sticky) on the overview and on every
// order of that customer, so the agent always sees who is on the phone.

import { h, replace } from "../dom.js";
import { t } from "../i18n/index.js";
import { lastSearchHash } from "../state/search_trail.js";
import { customerName } from "../words/customers.js";

/**
 * The bar element; update it with renderCustomerBar(bar, {...}).
 * `actions` are extra elements on the right (e.g. the refresh button).
 */
export function customerBar() {
  return h("section", { class: "customer-bar", "aria-label": t("bar.label") });
}

/**
 * customer: the overview (or a search row, or the order's {customer_key, customer_number, name});
 * heading: render the name as the page's h1 (overview) or as a link to the overview (order);
 * placeholder: the text shown while no customer is known (default "Kunde wird geladen …").
 * @param {HTMLElement} bar
 * @param {{customer: Record<string, any> | null, customerKey: string | number | null, heading?: boolean, actions?: import("../dom.js").Child[], placeholder?: string | null}} options
 */
export function renderCustomerBar(bar, { customer, customerKey, heading = false, actions = [], placeholder = null }) {
  const toSearch = h("a", { class: "bar-back", href: lastSearchHash() }, `← ${t("bar.toSearch")}`);
  let who;
  if (!customer) {
    // Before the customer is known (or when loading failed): the placeholder, as the h1 on the overview.
    const text = placeholder || t("bar.loading");
    who = h("div", { class: "bar-who" }, heading
      ? h("h1", { id: "customer-title", class: "bar-name muted", tabindex: "-1" }, text)
      : h("p", { class: "bar-name muted" }, text));
  } else {
    const name = customerName(customer) || customer.customer_number;
    const number = h("span", { class: "bar-number" }, customer.customer_number);
    const company = customer.customer_type === "business" && customer.company && customer.company !== name
      ? h("span", { class: "bar-company" }, customer.company) : null;
    const nameNode = heading
      ? h("h1", { id: "customer-title", class: "bar-name", tabindex: "-1" }, h("span", null, name), " ", number)
      : h("p", { class: "bar-name" },
        h("a", { href: `#/customers/${encodeURIComponent(String(customerKey))}`, title: t("bar.toOverview") }, name), " ", number);
    const badges = h("span", { class: "bar-badges" },
      customer.customer_type ? h("span", { class: `badge badge-${customer.customer_type}` },
        t(customer.customer_type === "business" ? "bar.business" : "bar.private")) : null,
      customer.locked ? h("span", { class: "badge badge-locked", title: customer.lock_reason || null },
        t("bar.locked"), customer.lock_reason ? `: ${customer.lock_reason}` : "") : null);
    who = h("div", { class: "bar-who" }, nameNode, company, badges);
  }
  replace(bar,
    toSearch,
    who,
    h("div", { class: "bar-actions" }, actions));
  bar.classList.toggle("is-locked", Boolean(customer?.locked));
  return bar;
}
