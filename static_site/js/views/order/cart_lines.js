// O3 the cart: lines with editable quantities (Enter or leaving the field sends it; Enter then goes
// back to the product search), a remove button per line, and the totals exactly as the server
// computed them on every change (there is no "recalculate" anywhere). A refused quantity (not
// enough stock) keeps what the agent typed and says why beside the line.

import { h, replace } from "../../dom.js";
import { formatMoney, formatPercent } from "../../format.js";
import { t } from "../../i18n/index.js";
import { asApiError } from "../../widgets/loading.js";
import { priceBasisText, stockText } from "../../words/cart.js";

/** @typedef {import("../../api/carts.js").Cart} Cart */
/** @typedef {import("../../api/carts.js").CartLine} CartLine */

/**
 * @param {{setQuantity: (lineId: string, quantity: number) => Promise<unknown>,
 *   remove: (lineId: string) => Promise<unknown>, onDone: () => void}} options
 */
export function cartLines({ setQuantity, remove, onDone }) {
  const body = h("tbody");
  const empty = h("p", { class: "empty-state cart-empty", id: "cart-empty" }, t("cart.empty"));
  const table = h("table", { class: "data-table cart-table", id: "cart-lines", "aria-labelledby": "cart-title" },
    h("thead", null, h("tr", null,
      h("th", { scope: "col" }, t("cart.col.number")),
      h("th", { scope: "col" }, t("cart.col.name")),
      h("th", { scope: "col", class: "num" }, t("cart.col.qty")),
      h("th", { scope: "col", class: "num" }, t("cart.col.unit")),
      h("th", { scope: "col", class: "num" }, t("cart.col.vat")),
      h("th", { scope: "col", class: "num" }, t("cart.col.total")),
      h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("cart.col.actions"))))),
    body);
  const totals = h("dl", { class: "cart-totals", id: "cart-totals" });
  const freeShipping = h("p", { class: "free-shipping-note", id: "free-shipping-note" });
  const root = h("section", { class: "order-panel cart-panel", "aria-labelledby": "cart-title" },
    h("h2", { id: "cart-title" }, t("cart.title")), empty, h("div", { class: "table-scroll" }, table), totals, freeShipping);
  /** @type {Map<string, HTMLTableRowElement>} */
  const rowsById = new Map();
  let currency = "EUR";

  /** @param {CartLine} line */
  function makeRow(line) {
    const qty = h("input", { type: "number", class: "line-qty", min: "1", step: "1", inputmode: "numeric",
      "aria-label": t("cart.qtyOf", { name: line.name }), value: String(line.quantity) });
    const problem = h("span", { class: "line-problem", role: "alert" });
    const removeButton = h("button", { type: "button", class: "button-quiet button-quiet-danger line-remove",
      "aria-label": t("cart.removeLine", { name: line.name }) }, t("cart.remove"));
    const tr = h("tr", { dataset: { lineId: line.line_id, itemNumber: line.item_number } },
      h("td", { class: "mono col-number" }),
      h("td", { class: "col-name" }),
      h("td", { class: "num col-qty" }, qty, problem),
      h("td", { class: "num col-unit" }),
      h("td", { class: "num col-vat" }),
      h("td", { class: "num col-total" }),
      h("td", { class: "col-actions" }, removeButton));

    // tr.dataset.sent: the quantity the cart has (fillRow keeps it up to date).
    async function commit({ thenBack = false } = {}) {
      const value = qty.value.trim();
      if (value === tr.dataset.sent) {
        if (thenBack) onDone();
        return;
      }
      if (!/^[1-9]\d{0,5}$/.test(value)) {
        problem.textContent = t("cart.badQty");
        qty.setAttribute("aria-invalid", "true");
        return;
      }
      problem.textContent = "";
      qty.removeAttribute("aria-invalid");
      try {
        await setQuantity(line.line_id, Number(value));
        if (thenBack) onDone();
      } catch (err) {
        problem.textContent = asApiError(err).message;
        qty.setAttribute("aria-invalid", "true");
        qty.focus();
      }
    }
    qty.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      commit({ thenBack: true });
    });
    qty.addEventListener("change", () => commit());
    removeButton.addEventListener("click", async () => {
      try {
        await remove(line.line_id);
        onDone();
      } catch (err) {
        problem.textContent = asApiError(err).message;
      }
    });
    return tr;
  }

  /** @param {HTMLTableRowElement} tr @param {CartLine} line */
  function fillRow(tr, line) {
    const cells = tr.children;
    cells[0].textContent = line.item_number;
    replace(/** @type {HTMLElement} */ (cells[1]), h("span", { class: "line-name" }, line.name),
      h("span", { class: `line-stock stock-${line.stock.level}` }, stockText(line.stock), line.stock.note ? ` · ${line.stock.note}` : ""));
    replace(/** @type {HTMLElement} */ (cells[3]), line.promo
      ? [h("span", { class: "promo-price" }, formatMoney(line.unit_price, currency)), " ",
        h("s", { class: "normal-price", title: t("cart.normalPrice") }, formatMoney(line.normal_unit_price, currency))]
      : formatMoney(line.unit_price, currency));
    cells[4].textContent = formatPercent(line.vat_percent);
    cells[5].textContent = formatMoney(line.line_total, currency);
    const qty = /** @type {HTMLInputElement} */ (tr.querySelector(".line-qty"));
    // The agent may be typing in it: keep that; else show what the cart has.
    if (document.activeElement !== qty && !qty.hasAttribute("aria-invalid")) qty.value = String(line.quantity);
    tr.dataset.sent = String(line.quantity);
    tr.classList.toggle("is-short", line.stock.level === "none" || Boolean(line.stock.note));
  }

  /** @param {string} key @param {string} amount @param {boolean} [strong] */
  const total = (key, amount, strong = false) => [
    h("dt", { class: strong ? "total-strong" : null }, t(`totals.${key}`)),
    h("dd", { class: `num ${strong ? "total-strong" : ""}`.trim(), dataset: { total: key } }, formatMoney(amount, currency)),
  ];

  return {
    root,
    /** @param {Cart} cart */
    render(cart) {
      currency = cart.totals.currency || cart.currency;
      const seen = new Set();
      for (const line of cart.lines) {
        seen.add(line.line_id);
        let tr = rowsById.get(line.line_id);
        if (!tr) {
          tr = makeRow(line);
          rowsById.set(line.line_id, tr);
        }
        fillRow(tr, line);
        body.append(tr); // in the cart's order
      }
      for (const [id, tr] of rowsById) {
        if (!seen.has(id)) {
          tr.remove();
          rowsById.delete(id);
        }
      }
      empty.hidden = cart.lines.length > 0;
      table.hidden = cart.lines.length === 0;
      const x = cart.totals;
      replace(totals,
        total("goods", x.goods),
        Number(x.discount) ? total("discount", x.discount) : null,
        total("shipping", x.shipping),
        Number(x.payment_surcharge) ? total("payment_surcharge", x.payment_surcharge) : null,
        total("vat", x.vat),
        total("total", x.total, true),
        h("dt", { class: "visually-hidden" }, t("totals.basis")),
        h("dd", { class: "muted small price-basis" }, priceBasisText(x.price_basis)));
      freeShipping.textContent = x.missing_for_free_shipping
        ? t("cart.missingForFreeShipping", { amount: formatMoney(x.missing_for_free_shipping, currency) }) : "";
    },
    /** Focus the quantity of a line (after it was added: the agent types the quantity next). */
    focusQuantity(lineId) {
      const qty = /** @type {HTMLInputElement | null} */ (rowsById.get(lineId)?.querySelector(".line-qty") ?? null);
      if (!qty) return false;
      qty.focus();
      qty.select();
      return true;
    },
  };
}
