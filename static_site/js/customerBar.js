// The header bar of the current customer: name, customer number, business/locked badges, and the
// way back to the overview and the search. It stays on top (sticky) on the overview and on every
// order of that customer, so the agent always sees who is on the phone.

import { customerName } from "./customers.js";
import { h, replace } from "./dom.js";
import { addMessages, t } from "./i18n.js";
import { lastSearchHash } from "./searchTrail.js";

addMessages({
  de: {
    "bar.label": "Aktueller Kunde",
    "bar.toSearch": "Suchergebnis",
    "bar.toOverview": "Kundenübersicht",
    "bar.locked": "gesperrt",
    "bar.business": "Geschäftskunde",
    "bar.private": "Privatkunde",
    "bar.loading": "Kunde wird geladen …",
  },
  en: {
    "bar.label": "Current customer",
    "bar.toSearch": "Search results",
    "bar.toOverview": "Customer overview",
    "bar.locked": "locked",
    "bar.business": "Business customer",
    "bar.private": "Private customer",
    "bar.loading": "Loading customer …",
  },
});

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
        h("a", { href: `#/customers/${encodeURIComponent(customerKey)}`, title: t("bar.toOverview") }, name), " ", number);
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
