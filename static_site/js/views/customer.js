// Placeholder of the customer screen (S2/S3): shows which customer was opened. The customer
// overview with addresses and order history replaces this module.

import { customerName, knownCustomer } from "../customers.js";
import { h } from "../dom.js";
import { addMessages, t } from "../i18n.js";
import { canGoBack } from "../router.js";

addMessages({
  de: {
    "customer.title": "Kunde",
    "customer.heading": "Kunde {number}",
    "customer.keyHeading": "Kunde (Schlüssel {key})",
    "customer.comingSoon": "Die Kundenübersicht mit Adressen und Bestellungen folgt.",
    "customer.back": "Zurück zur Suche",
  },
  en: {
    "customer.title": "Customer",
    "customer.heading": "Customer {number}",
    "customer.keyHeading": "Customer (key {key})",
    "customer.comingSoon": "The customer overview with addresses and orders follows.",
    "customer.back": "Back to search",
  },
});

export const titleKey = "customer.title";

export function mount(container, match) {
  const key = match.params.key;
  const customer = knownCustomer(key);
  const back = h("a", { href: "#/search", class: "back-link" }, `← ${t("customer.back")}`);
  back.addEventListener("click", (event) => {
    if (canGoBack()) {
      event.preventDefault();
      window.history.back();
    }
  });
  const heading = h("h1", { id: "customer-title", tabindex: "-1" },
    customer ? t("customer.heading", { number: customer.customer_number }) : t("customer.keyHeading", { key }));
  container.append(h("section", { class: "panel customer-view", "aria-labelledby": "customer-title", dataset: { customerKey: key } },
    back,
    heading,
    customer ? h("p", { class: "lead" }, customerName(customer),
      customer.company && customer.company !== customerName(customer) ? ` · ${customer.company}` : "") : null,
    h("p", { class: "muted" }, t("customer.comingSoon"))));
  heading.focus();
}
