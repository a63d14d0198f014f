// O1 order form, O2 product search, C2 quick order, O3 cart, C3 payment and C4 shipping on one
// page, keyboard first:
//   #/order/new?customer=KEY  a cart for that customer (from the customer overview)
//   #/order/new?from_order=N  a cart from a past order, repriced today ("Nachbestellen")
//   #/order/new               a new customer (private or business) with the duplicate check first
//   #/carts/ID                the cart (what the address bar shows once the cart exists)
// The cart lives on the server (it survives a reload, a logout, another agent taking it over);
// what the agent typed and the cart has not taken yet lives in the order draft. A version conflict
// reloads the cart and says so, and leaves the form as typed.

import * as carts from "../api/carts.js";
import { isApiStatus } from "../api/http.js";
import * as orderConfig from "../api/order_config.js";
import { h, replace } from "../dom.js";
import { formatDateTime } from "../format.js";
import { t } from "../i18n/index.js";
import { goUp, navigate } from "../router.js";
import { cartSession } from "../state/cart.js";
import { orderDraft } from "../state/order_drafts.js";
import { currentAgent } from "../state/session.js";
import { busy, messageLine } from "../widgets/form.js";
import { asApiError, errorBox, skeleton } from "../widgets/loading.js";
import { customerName } from "../words/customers.js";
import { ADDRESS_FIELDS, addressForm } from "./order/address_form.js";
import { cartLines } from "./order/cart_lines.js";
import { checkout } from "./order/checkout.js";
import { newCustomerForm } from "./order/new_customer.js";
import { productSearch } from "./order/product_search.js";
import { quickOrder } from "./order/quick_order.js";


/** Messages of a cart's start (``POST /carts``), shown once when the new cart opens. */
const startMessages = new Map();

export const titleKey = "orderForm.title";

/** @param {string} cartId */
export const cartHash = (cartId) => `#/carts/${encodeURIComponent(cartId)}`;

export function mount(container, match) {
  let alive = true;
  const disposers = [];
  const view = h("section", { class: "order-view", id: "order-view" });
  container.append(view);
  const cartId = match.params.cart || null;
  let customerKey = match.query.customer || null;

  function fail(title, err, retry) {
    if (!alive || isApiStatus(err, 401)) return;
    replace(view, errorBox({ title, err, onRetry: retry }));
  }

  async function start() {
    replace(view, skeleton(t("orderForm.loading"), { lines: 5 }));
    let config;
    try {
      config = await orderConfig.forAgents();
    } catch (err) {
      fail(t("orderForm.unavailable"), err, start);
      return;
    }
    if (!alive) return;
    if (cartId) return openCart(config);
    if (customerKey || match.query.from_order) {
      const startWith = customerKey ? { customer_key: customerKey } : { from_order: match.query.from_order };
      try {
        const cart = await carts.create(startWith);
        // What the start reported (e.g. lines of a past order left out) outlives the move to the cart.
        startMessages.set(cart.cart_id, cart.messages || []);
        if (alive) navigate(`/carts/${cart.cart_id}`, {}, { replace: true });
      } catch (err) {
        fail(t("orderForm.createFailed"), err, start);
      }
      return;
    }
    showNewCustomer(config);
  }

  function showNewCustomer(config) {
    const draft = orderDraft("new");
    const form = newCustomerForm({
      draft,
      countries: config.countries,
      onCreate: async (customer, billing, button) => {
        await busy(button, t("orderForm.creating"), async () => {
          const cart = await carts.create({ new_customer: customer });
          // The cart exists: the typed address is the cart's draft until the cart has taken it.
          const cartDraft = orderDraft(cart.cart_id);
          for (const name of ADDRESS_FIELDS) cartDraft.set("billing", name, billing[name] || "");
          draft.clear();
          try {
            await carts.update(cart.cart_id, cart.version, { billing_address: billing, shipping_address: billing });
            cartDraft.clearSection("billing");
          } finally {
            if (alive) navigate(`/carts/${cart.cart_id}`, {}, { replace: true });
          }
        });
      },
      onPick: async (found, button) => {
        await busy(button, t("orderForm.creating"), async () => {
          const cart = await carts.create({ customer_key: found.customer_key });
          draft.clear();
          if (alive) navigate(`/carts/${cart.cart_id}`, {}, { replace: true });
        });
      },
    });
    disposers.push(form.dispose);
    replace(view, h("h1", { id: "order-title", tabindex: "-1" }, t("orderForm.newCustomerTitle")), form.root);
    form.focus();
  }

  async function openCart(config) {
    let first;
    try {
      first = await carts.get(cartId);
    } catch (err) {
      fail(err && isApiStatus(err, 404) ? t("orderForm.cartNotFound") : t("orderForm.cartFailed"), err, start);
      return;
    }
    if (!alive) return;
    const reported = startMessages.get(first.cart_id);
    if (reported?.length) {
      startMessages.delete(first.cart_id);
      first = { ...first, messages: [...reported, ...(first.messages || [])] };
    }
    customerKey = first.customer.customer_key ? String(first.customer.customer_key) : null;
    const draft = orderDraft(first.cart_id);
    const notices = h("div", { class: "view-notices", id: "order-notices" });
    const head = h("header", { class: "order-head" });
    const session = cartSession(first, {
      onCart: (cart) => { if (alive) render(cart); },
      onConflict: (err) => {
        if (!alive) return;
        replace(notices, h("div", { class: "notice notice-warning conflict-note", role: "alert", id: "cart-conflict" },
          h("strong", null, err.message), " ", t("cart.reloaded")));
      },
    });
    /** @param {(cartId: string, version: number) => Promise<any>} send */
    const change = (send) => {
      notices.querySelector(".conflict-note")?.remove();
      return session.change(send);
    };

    const lines = cartLines({
      setQuantity: (lineId, quantity) => change((id, v) => carts.setQuantity(id, v, lineId, quantity)),
      remove: (lineId) => change((id, v) => carts.removeLine(id, v, lineId)),
      onDone: () => products.focus(),
    });
    const productNote = messageLine("product-message");
    const products = productSearch({
      pricing: () => ({ currency: session.cart().currency, customer_type: session.cart().customer.customer_type }),
      onAdd: async (product) => {
        productNote.clear();
        const before = new Set(session.cart().lines.map((l) => l.line_id));
        let cart;
        try {
          cart = await change((id, v) => carts.addLine(id, v, { item_key: product.item_key, quantity: 1 }));
        } catch (err) {
          productNote.error(err);
          return false;
        }
        const added = cart.lines.find((l) => !before.has(l.line_id))
          || cart.lines.find((l) => String(l.item_key) === String(product.default_variation_key ?? product.item_key));
        if (!added || !lines.focusQuantity(added.line_id)) products.focus();
        return true;
      },
    });
    disposers.push(products.dispose);
    const quick = quickOrder({ draft, paste: (text) => { notices.querySelector(".conflict-note")?.remove(); return session.paste(text); } });
    const pay = checkout({
      draft,
      currencies: config.currencies || [],
      change: (body) => change((id, v) => carts.update(id, v, body)),
    });

    const addressNote = messageLine("address-message");
    /** @param {"billing_address" | "shipping_address"} key @param {ReturnType<typeof addressForm>} form */
    const commitAddress = (key, form) => async (address) => {
      addressNote.clear();
      try {
        await change((id, v) => carts.update(id, v, { [key]: address }));
        form.taken();
        return true;
      } catch (err) {
        addressNote.apiError(err, form.fields);
        return false;
      }
    };
    const known = first.known_addresses || [];
    const billing = addressForm({ id: "billing", legend: t("orderForm.billing"), draft, countries: config.countries, known,
      onCommit: (address) => commitAddress("billing_address", billing)(address) });
    const copy = h("button", { type: "button", class: "button-secondary", id: "copy-billing" }, t("orderForm.copyBilling"));
    const shipping = addressForm({ id: "shipping", legend: t("orderForm.shipping"), draft, countries: config.countries, known,
      extra: h("div", { class: "form-actions" }, copy),
      onCommit: (address) => commitAddress("shipping_address", shipping)(address) });
    copy.addEventListener("click", () => shipping.copyFrom(billing.value()));

    const parkNote = h("input", { type: "text", id: "park-note", name: "park_note", maxlength: "200", autocomplete: "off",
      "aria-label": t("park.note"), placeholder: t("park.notePlaceholder") });
    const parkButton = h("button", { type: "button", class: "button-secondary", id: "park-cart" }, t("park.park"));
    const parkLine = messageLine("park-message");
    parkButton.addEventListener("click", async () => {
      parkLine.clear();
      try {
        await busy(parkButton, t("park.parking"), () => change((id, v) => carts.park(id, v, parkNote.value.trim())));
      } catch (err) {
        parkLine.error(err);
        return;
      }
      navigate("/carts", { parked: session.cart().cart_id });
    });

    replace(view,
      head,
      notices,
      h("div", { class: "order-layout" },
        h("div", { class: "order-main" }, products.root, productNote.el, quick.root, lines.root),
        h("div", { class: "order-side" },
          h("section", { class: "order-panel addresses", "aria-labelledby": "addresses-title" },
            h("h2", { id: "addresses-title" }, t("orderForm.addresses")), billing.root, shipping.root, addressNote.el),
          pay.root,
          h("section", { class: "order-panel park", "aria-labelledby": "park-title" },
            h("h2", { id: "park-title" }, t("park.title")),
            h("div", { class: "inline-form" }, parkNote, parkButton), parkLine.el))));

    /** @param {import("../api/carts.js").Cart} cart */
    function renderHead(cart) {
      const c = cart.customer;
      const name = customerName(c) || c.customer_number || t("orderForm.newCustomer");
      const me = currentAgent()?.agent_id;
      const someoneElse = cart.owner && cart.owner.agent_id !== me;
      const takeOver = cart.status === "parked" || someoneElse
        ? h("button", { type: "button", class: "button-primary", id: "take-over" }, t("carts.takeOver")) : null;
      takeOver?.addEventListener("click", async () => {
        try {
          await busy(takeOver, t("carts.takingOver"), () => change((id, v) => carts.takeOver(id, v)));
        } catch (err) {
          replace(notices, errorBox({ title: t("carts.takeOverFailed"), err }));
        }
      });
      replace(head,
        h("div", { class: "order-who" },
          h("h1", { id: "order-title", tabindex: "-1" }, t("orderForm.for", { name }), " ",
            c.customer_number ? h("span", { class: "bar-number" }, c.customer_number) : null),
          h("span", { class: `badge badge-${c.customer_type}` }, t(`customer.type.${c.customer_type}`)),
          c.kind === "new" ? h("span", { class: "badge" }, t("orderForm.newCustomer")) : null,
          customerKey ? h("a", { class: "bar-back", href: `#/customers/${encodeURIComponent(customerKey)}` }, t("bar.toOverview")) : null,
          h("a", { class: "bar-back", href: "#/carts" }, t("carts.title"))),
        h("p", { class: "muted small order-state", id: "cart-state" },
          t(`cartStatus.${cart.status}`), " · ", t("carts.owner", { email: cart.owner?.email || "" }), " · ",
          t("carts.updated", { when: formatDateTime(cart.updated_at) }),
          cart.parked_note ? [" · ", h("q", { class: "parked-note" }, cart.parked_note)] : null),
        takeOver ? h("div", { class: "notice notice-warning take-over-note", id: "take-over-note" },
          someoneElse ? t("carts.ownedBy", { email: cart.owner.email }) : t("carts.parkedNote"), " ", takeOver) : null);
    }

    let shownCurrency = first.currency;
    function render(cart) {
      renderHead(cart);
      lines.render(cart);
      pay.render(cart);
      billing.fill(cart.billing_address);
      shipping.fill(cart.shipping_address);
      if (cart.currency !== shownCurrency) {
        shownCurrency = cart.currency;
        products.refresh();
      }
      document.title = `${t("orderForm.title")} – ${customerName(cart.customer) || cart.customer.customer_number} – ${t("app.name")}`;
    }
    render(first);
    products.focus();
  }

  start().catch((err) => fail(t("orderForm.cartFailed"), asApiError(err), start));

  return {
    goUp: () => (customerKey ? goUp(`#/customers/${encodeURIComponent(customerKey)}`) : goUp("#/carts")),
    unmount() {
      alive = false;
      for (const dispose of disposers) dispose();
    },
  };
}
