// Payment and shipping of the cart (C3, C4) and the customer wish: the payment methods the
// configuration offers (direct debit with account holder, IBAN, BIC), the shipping methods for the
// destination as the last cart answer lists them (they refresh on every change), the currency when
// several are active, and the cart's messages (e.g. a shipping method that no longer fits).

import { h, replace } from "../../dom.js";
import { formatMoney } from "../../format.js";
import { t } from "../../i18n/index.js";
import { field, messageLine, select } from "../../widgets/form.js";
import { infoTip } from "../../widgets/info_tip.js";

/** @typedef {import("../../api/carts.js").Cart} Cart */
/** @typedef {import("../../api/carts.js").CartChange} CartChange */

/**
 * @param {{draft: import("../../state/order_drafts.js").OrderDraft, currencies: string[],
 *   change: (change: CartChange) => Promise<Cart>}} options
 */
export function checkout({ draft, currencies, change }) {
  const note = messageLine("checkout-message");
  const messages = h("ul", { class: "cart-messages", id: "cart-messages", role: "status", "aria-live": "polite" });
  const paymentList = h("div", { class: "choice-list", id: "payment-options", role: "radiogroup", "aria-labelledby": "payment-title" });
  const shippingList = h("div", { class: "choice-list", id: "shipping-options", role: "radiogroup", "aria-labelledby": "shipping-title" });

  const typed = draft.section("bank");
  const bankInputs = {
    holder: h("input", { name: "holder", id: "bank-holder", type: "text", autocomplete: "off" }),
    iban: h("input", { name: "iban", id: "bank-iban", type: "text", autocomplete: "off", spellcheck: "false" }),
    bic: h("input", { name: "bic", id: "bank-bic", type: "text", autocomplete: "off", spellcheck: "false" }),
  };
  const bankFields = {
    holder: field({ label: t("bank.holder"), input: bankInputs.holder }),
    iban: field({ label: t("bank.iban"), input: bankInputs.iban, info: infoTip(t("bank.iban"), t("bank.ibanInfo")) }),
    bic: field({ label: t("bank.bic"), input: bankInputs.bic, hint: t("bank.bicHint") }),
  };
  for (const name of ["holder", "bic"]) {
    if (typed[name]) bankInputs[name].value = typed[name];
    bankInputs[name].addEventListener("input", () => draft.set("bank", name, bankInputs[name].value));
  }
  const bankStored = h("p", { class: "muted small", id: "bank-stored" });
  const bankBox = h("fieldset", { class: "bank-account", id: "bank-account" },
    h("legend", null, t("bank.title")), bankStored,
    h("div", { class: "form-grid" }, bankFields.holder.root, bankFields.iban.root, bankFields.bic.root));
  bankBox.hidden = true;
  bankBox.addEventListener("focusout", (event) => {
    if (event.relatedTarget instanceof Node && bankBox.contains(event.relatedTarget)) return;
    const holder = bankInputs.holder.value.trim();
    const iban = bankInputs.iban.value.replace(/\s+/g, "").toUpperCase();
    if (!holder || !iban) return;
    send({ bank_account: { holder, iban, bic: bankInputs.bic.value.trim() } }, bankFields).then((ok) => {
      if (!ok) return;
      bankInputs.iban.value = "";
      draft.clearSection("bank");
    });
  });

  const currency = currencies.length > 1 ? select({ id: "cart-currency", name: "currency" }, currencies.map((c) => [c, c])) : null;
  currency?.addEventListener("change", () => send({ currency: currency.value }));
  const currencyField = currency ? field({ label: t("checkout.currency"), input: currency }) : null;

  const wish = h("textarea", { id: "customer-wish", name: "customer_wish", rows: "3", maxlength: "1000" });
  const wishField = field({ label: t("checkout.wish"), input: wish, info: infoTip(t("checkout.wish"), t("checkout.wishInfo")) });
  const typedWish = draft.section("wish").text;
  if (typedWish !== undefined) wish.value = typedWish;
  wish.addEventListener("input", () => draft.set("wish", "text", wish.value));
  let sentWish = "";
  // On leaving the field (not only after an edit): a send the cart refused is sent again.
  wish.addEventListener("blur", () => {
    if (wish.value === sentWish) return;
    send({ customer_wish: wish.value }, { customer_wish: wishField }).then((ok) => {
      if (ok) draft.clearSection("wish");
    });
  });

  /**
   * @param {CartChange} body
   * @param {Record<string, import("../../widgets/form.js").Field>} [byName]
   * @returns {Promise<boolean>}
   */
  async function send(body, byName = {}) {
    note.clear();
    try {
      await change(body);
      return true;
    } catch (err) {
      note.apiError(err, byName);
      return false;
    }
  }

  /**
   * @param {string} name
   * @param {{value: string, label: string, extra?: string | null}[]} options
   * @param {string | null} chosen
   * @param {(value: string) => void} onChoose
   */
  function radios(name, options, chosen, onChoose) {
    return options.map((o) => {
      const input = h("input", { type: "radio", name, value: o.value, id: `${name}-${o.value}` });
      input.checked = o.value === chosen;
      input.addEventListener("change", () => { if (input.checked) onChoose(o.value); });
      return h("label", { class: "choice", for: input.id }, input, " ", h("span", { class: "choice-label" }, o.label),
        o.extra ? h("span", { class: "muted small choice-extra" }, ` ${o.extra}`) : null);
    });
  }

  const root = h("section", { class: "order-panel checkout", "aria-labelledby": "checkout-title" },
    h("h2", { id: "checkout-title" }, t("checkout.title")),
    messages,
    currencyField?.root,
    h("fieldset", { class: "choice-set" }, h("legend", { id: "payment-title" }, t("checkout.payment")), paymentList),
    bankBox,
    h("fieldset", { class: "choice-set" }, h("legend", { id: "shipping-title" }, t("checkout.shipping")), shippingList),
    wishField.root,
    note.el);

  return {
    root,
    /** @param {Cart} cart */
    render(cart) {
      const money = (/** @type {string | null} */ amount) => formatMoney(amount, cart.currency);
      const focused = document.activeElement;
      const hadFocus = paymentList.contains(focused) || shippingList.contains(focused)
        ? /** @type {HTMLInputElement} */ (focused).name : null;
      replace(paymentList, cart.payment_options.length
        ? radios("payment", cart.payment_options.map((p) => ({ value: p.code, label: p.text, extra: p.adjustment_text })),
          cart.payment_code, (code) => send({ payment_code: code }))
        : h("p", { class: "muted" }, t("checkout.noPayment")));
      replace(shippingList, cart.shipping_options.length
        ? radios("shipping", cart.shipping_options.map((s) => ({
          value: s.vendor_code, label: s.name,
          extra: [money(s.cost), s.free_from ? t("checkout.freeFrom", { amount: money(s.free_from) }) : ""].filter(Boolean).join(" · "),
        })), cart.shipping_code, (code) => send({ shipping_code: code }))
        : h("p", { class: "muted" }, t("checkout.noShipping")));
      if (hadFocus) {
        const list = hadFocus === "payment" ? paymentList : shippingList;
        /** @type {HTMLInputElement | null} */ (list.querySelector("input:checked") || list.querySelector("input"))?.focus();
      }
      const method = cart.payment_options.find((p) => p.code === cart.payment_code);
      bankBox.hidden = !method?.needs_bank_account;
      bankStored.textContent = cart.bank_account
        ? t("bank.stored", { iban: cart.bank_account.iban_masked, holder: cart.bank_account.holder }) : "";
      if (cart.bank_account && !draft.section("bank").holder && document.activeElement !== bankInputs.holder) {
        bankInputs.holder.value = cart.bank_account.holder;
        bankInputs.bic.value = cart.bank_account.bic || "";
      }
      if (currency) currency.value = cart.currency;
      sentWish = cart.customer_wish || "";
      if (draft.section("wish").text === undefined && document.activeElement !== wish) wish.value = sentWish;
      replace(messages, (cart.messages || []).map((m) => h("li", { class: "notice notice-warning", dataset: { code: m.code } }, m.text)));
    },
  };
}
