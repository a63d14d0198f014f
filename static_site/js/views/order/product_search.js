// O2 product typeahead: from the 2nd character, once typing settles (one request per settled query,
// an older answer never overwrites a newer one), variations listed under their master, price with
// the promo price beside the normal one, stock as a number or an indicator. ↓ goes into the hits,
// ↑↓ move, Enter (or a click) puts the line into the cart (a master: its default variation), Esc
// goes back to the field.

import * as products from "../../api/products.js";
import { h, replace } from "../../dom.js";
import { formatMoney } from "../../format.js";
import { t } from "../../i18n/index.js";
import { field } from "../../widgets/form.js";
import { infoTip } from "../../widgets/info_tip.js";
import { listNavigation } from "../../widgets/list_nav.js";
import { asApiError } from "../../widgets/loading.js";
import { settledQuery } from "../../widgets/settled_query.js";
import { stockText } from "../../words/cart.js";

/** @typedef {import("../../api/products.js").Product} Product */

/**
 * @param {{pricing: () => {currency: string, customer_type: "private" | "business"},
 *   onAdd: (product: Product) => Promise<boolean>}} options  onAdd: true when the line went into the cart
 */
export function productSearch({ pricing, onAdd }) {
  const input = h("input", {
    type: "search", id: "product-q", name: "product_q", autocomplete: "off", spellcheck: "false",
    placeholder: t("products.placeholder"),
  });
  const searchField = field({ label: t("products.label"), input, className: "product-field",
    info: infoTip(t("products.label"), t("products.info")) });
  const status = h("p", { class: "search-status product-status", id: "product-status", role: "status", "aria-live": "polite" });
  const results = h("div", { class: "product-results", id: "product-results" });
  const root = h("section", { class: "order-panel product-search", "aria-labelledby": "products-title" },
    h("h2", { id: "products-title" }, t("products.title")), searchField.root, status, results);
  /** @type {Map<string, Product>} */
  let byKey = new Map();

  const search = settledQuery({
    keyOf: (q) => JSON.stringify(q),
    fetch: (q, signal) => products.search(q, { signal }),
    onPending: () => { status.textContent = t("products.searching"); },
    onAnswer: (answer) => show(answer.items || []),
    onError: (err) => {
      results.replaceChildren();
      status.textContent = asApiError(err).message;
    },
  });

  /** @param {Product} p @param {boolean} variation */
  function row(p, variation) {
    byKey.set(String(p.item_key), p);
    const link = h("a", { href: "#", class: "row-link product-link", dataset: { itemKey: String(p.item_key) } },
      p.name, p.variation_text ? h("span", { class: "variation-text" }, ` ${p.variation_text}`) : null);
    const price = p.promo_price
      ? [h("span", { class: "promo-price" }, formatMoney(p.promo_price, p.currency)), " ",
        h("s", { class: "normal-price", title: t("cart.normalPrice") }, formatMoney(p.price, p.currency))]
      : formatMoney(p.price, p.currency);
    return h("tr", {
      class: [variation ? "is-variation" : "", p.is_variation_master ? "is-master" : ""].join(" ").trim(),
      dataset: { itemKey: String(p.item_key), itemNumber: p.item_number },
    },
    h("td", { class: "col-name" }, link, p.is_variation_master ? h("span", { class: "muted small" }, ` · ${t("products.master")}`) : null),
    h("td", { class: "mono col-number" }, p.item_number),
    h("td", { class: "mono col-ean" }, p.ean || "–"),
    h("td", { class: "num col-price" }, price),
    h("td", { class: `col-stock stock-${p.stock.level}` }, stockText(p.stock)));
  }

  /** @param {Product[]} items */
  function show(items) {
    byKey = new Map();
    if (!items.length) {
      results.replaceChildren();
      status.textContent = t("products.none");
      return;
    }
    status.textContent = t("products.found", { n: items.length });
    replace(results, h("table", { class: "data-table row-table product-table", "aria-label": t("products.table") },
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, t("products.col.name")),
        h("th", { scope: "col" }, t("products.col.number")),
        h("th", { scope: "col" }, t("products.col.ean")),
        h("th", { scope: "col", class: "num" }, t("products.col.price")),
        h("th", { scope: "col" }, t("products.col.stock")))),
      h("tbody", null, items.flatMap((p) => [row(p, false), ...(p.variations || []).map((v) => row(v, true))]))));
  }

  function clear() {
    search.cancel();
    byKey = new Map();
    results.replaceChildren();
    status.textContent = "";
  }

  function ask() {
    const q = input.value.trim();
    if (q.length < products.MIN_QUERY_LENGTH) {
      clear();
      if (q.length) status.textContent = t("products.tooShort", { n: products.MIN_QUERY_LENGTH });
      return;
    }
    search.ask({ q, ...pricing() });
  }
  input.addEventListener("input", ask);

  const nav = listNavigation({
    root: results,
    linkSelector: "a.product-link",
    onLeaveTop: () => input.focus(),
    onEscape: () => input.focus(),
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && nav.links().length) {
      event.preventDefault();
      nav.select(nav.links()[0]);
    } else if (event.key === "Enter") {
      event.preventDefault(); // the field adds nothing by itself: choose a hit
      if (nav.links().length === 1) nav.links()[0].click();
    } else if (event.key === "Escape" && input.value) {
      event.preventDefault();
      event.stopPropagation();
      input.value = "";
      clear();
    }
  });
  results.addEventListener("click", async (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.product-link") : null;
    if (!(link instanceof HTMLAnchorElement)) return;
    event.preventDefault();
    const product = byKey.get(link.dataset.itemKey || "");
    if (!product || link.getAttribute("aria-busy") === "true") return;
    link.setAttribute("aria-busy", "true");
    let added;
    try {
      added = await onAdd(product);
    } finally {
      link.removeAttribute("aria-busy");
    }
    if (added) {
      // The line is in the cart: the next search starts empty.
      input.value = "";
      clear();
    }
  });

  return {
    root,
    focus: () => input.focus(),
    /** The cart's currency or customer changed: prices of the hits shown are no longer right. */
    refresh: () => {
      search.cancel();
      ask();
    },
    dispose: () => search.cancel(),
  };
}
