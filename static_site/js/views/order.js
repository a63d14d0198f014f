// S4 order details at #/customers/<key>/orders/<number> (and #/orders/<number>, which moves to the
// customer's address once the order says whose it is). The header (numbers, dates, status, payment,
// shipping, totals, shop note), billing and shipping address, and two columns: the lines with their
// status in words, and BESIDE them the invoices with a paid / partly paid / unpaid badge (colour and
// text). The customer bar stays on top. Esc goes back to the customer.

import { isApiStatus } from "../api/http.js";
import { h, replace } from "../dom.js";
import { formatDate, formatDateTime, formatMoney, formatPercent } from "../format.js";
import { t } from "../i18n/index.js";
import { goUp, navigate } from "../router.js";
import { cachedOverview, knownCustomer } from "../state/customers.js";
import { cachedOrder, loadOrder } from "../state/orders.js";
import { lastSearchHash } from "../state/search_trail.js";
import { shopLabel } from "../state/shops.js";
import { supportAction } from "../support_request.js";
import { customerBar, renderCustomerBar } from "../widgets/customer_bar.js";
import { hasFeature } from "../state/session.js";
import { asApiError, errorBox, refreshButton, skeleton, whileBusy } from "../widgets/loading.js";
import { addressLines, customerName } from "../words/customers.js";
import {
  invoiceStateText, lineStatusText, orderStatusText, shippingVendorText,
} from "../words/orders.js";

export const titleKey = "order.title";

const isZero = (amount) => !amount || Number(amount) === 0;

export function mount(container, match) {
  const orderNumber = match.params.order;
  const customerKey = match.params.key ?? null;
  let order = cachedOrder(orderNumber);
  let controller = null;

  const bar = customerBar();
  const notices = h("div", { class: "view-notices" });
  const status = h("div", { class: "view-status", role: "status", "aria-live": "polite" });
  const content = h("div", { class: "order-content", id: "order-content" });
  const view = h("section", { class: "order-view", dataset: { order: orderNumber } }, bar, notices, status, content);
  container.append(view);
  const refresh = refreshButton(() => load({ refresh: true }));
  // B9: "Nachbestellen" starts a cart from this order, repriced today (only with the ordering option).
  const reorder = hasFeature("ordering")
    ? h("a", { class: "button-secondary order-button", id: "order-reorder",
      href: `#/order/new?from_order=${encodeURIComponent(orderNumber)}` }, t("orderForm.reorder"))
    : null;
  // T1: "Support-Anfrage" about this order (once the customer is known; hidden without support mail).
  const support = customerKey ? supportAction({
    context: () => {
      const customer = barCustomer() ?? order?.customer ?? null;
      return {
        customerKey,
        customerNumber: customer?.customer_number ?? "",
        customerName: customer ? customerName(customer) : "",
        customerEmail: order?.billing_address?.email ?? "",
        orderNumber,
        externalOrderNumber: order?.external_order_number ?? "",
        orderDate: order?.order_date ?? null,
        orderTotal: order?.total ?? null,
        currency: order?.currency ?? "",
        orderStatus: order?.status ?? "",
      };
    },
    flashTarget: notices,
  }) : null;

  /** The fullest record at hand: the overview, the order's customer (with lock state), a search row. */
  function barCustomer() {
    if (!customerKey) return null;
    const ordered = order?.customer?.customer_key != null && String(order.customer.customer_key) === String(customerKey)
      ? order.customer : null;
    return cachedOverview(customerKey, { fresh: false })?.customer
      ?? (ordered?.locked != null ? ordered : null)
      ?? knownCustomer(customerKey) ?? ordered;
  }

  function showBar() {
    if (!customerKey && !order) {
      renderCustomerBar(bar, { customer: null, customerKey: null, actions: [refresh] });
      return;
    }
    renderCustomerBar(bar, { customer: barCustomer() ?? order?.customer ?? null, customerKey, actions: [support?.button, reorder, refresh] });
  }

  async function load({ refresh: force = false } = {}) {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    notices.replaceChildren();
    const hadData = Boolean(order);
    if (!hadData) replace(content, skeleton(t("order.loading", { number: orderNumber }), { lines: 7 }));
    else status.textContent = t("load.refreshing");
    try {
      const loading = loadOrder(orderNumber, { refresh: force, signal: mine.signal, customerKey });
      order = await whileBusy(content, loading, hadData ? notices : content);
      if (controller !== mine) return;
      if (arrived()) return;
      render();
      status.textContent = force ? t("order.refreshed") : "";
    } catch (err) {
      if (controller !== mine || mine.signal.aborted) return;
      if (isApiStatus(err, 401)) return;
      status.textContent = "";
      if (!hadData) {
        // Never "Kunde wird geladen …" for ever: without the order the customer may stay unknown.
        renderCustomerBar(bar, { customer: barCustomer(), customerKey, actions: [refresh],
          placeholder: t("order.customerUnknown") });
      }
      const error = asApiError(err);
      const back = customerKey ? h("a", { href: `#/customers/${encodeURIComponent(customerKey)}` }, t("order.toCustomer"))
        : h("a", { href: lastSearchHash() }, t("app.toSearch"));
      if (error.status === 404) {
        replace(content, h("div", { class: "error-box", role: "alert" },
          h("p", { class: "error-title" }, t("order.notFound")), h("p", null, back)));
      } else if (hadData) {
        replace(notices, errorBox({
          title: t("order.refreshFailed"), err: error, onRetry: () => load({ refresh: true }),
          extra: h("span", { class: "muted small" }, t("load.staleNote")),
        }));
      } else {
        replace(content, errorBox({ title: t("order.failed"), err: error, onRetry: () => load(), extra: back }));
      }
    } finally {
      if (controller === mine) controller = null;
    }
  }

  /** On #/orders/<n> (or a wrong customer in the address): move to the customer's address of the order. */
  function arrived() {
    const owner = order?.customer?.customer_key;
    if (owner === null || owner === undefined || String(owner) === String(customerKey)) return false;
    navigate(`/customers/${encodeURIComponent(owner)}/orders/${encodeURIComponent(orderNumber)}`, {}, { replace: true });
    return true;
  }

  function render() {
    document.title = `${t("order.heading", { number: order.order_number })} – ${t("app.name")}`;
    showBar();
    // What pixi could not give this time (the rest of the order is shown).
    const gaps = order.unavailable || [];
    replace(notices, gaps.filter((gap) => gap !== "invoices").map((gap) =>
      h("p", { class: "notice notice-warning order-gap", role: "note", dataset: { gap } }, t(`order.unavailable.${gap}`))));
    replace(content,
      headerCard(),
      h("div", { class: "order-columns" },
        linesSection(),
        invoicesSection()));
  }

  function fact(label, value, cls = null) {
    if (value === "" || value === null || value === undefined) return null;
    return h("div", { class: `fact ${cls || ""}`.trim() }, h("dt", null, label), h("dd", null, value));
  }

  function headerCard() {
    const o = order;
    const statusBadge = h("span", { class: `status-badge status-${String(o.status).toLowerCase()}` }, orderStatusText(o.status));
    return h("section", { class: "card order-header", "aria-labelledby": "order-title" },
      h("div", { class: "order-main" },
      h("div", { class: "order-title-row" },
        h("h1", { id: "order-title", tabindex: "-1" }, t("order.heading", { number: o.order_number })),
        statusBadge,
        o.ship_locked ? h("span", { class: "badge badge-locked" }, t("order.shipLocked")) : null),
      h("dl", { class: "order-facts" },
        fact(t("order.external"), o.external_order_number, "mono"),
        fact(t("order.date"), formatDateTime(o.order_date)),
        fact(t("order.shipDate"), formatDate(o.ship_date)),
        fact(t("order.shop"), shopLabel(o.shop_id)),
        fact(t("order.payment"), o.payment_text || o.payment_code),
        fact(t("order.shipping"), shippingVendorText(o.shipping_vendor)),
        fact(t("order.shippingCost"), formatMoney(o.shipping_cost, o.currency), "num-fact"),
        fact(t("order.total"), h("strong", { class: "order-total" }, formatMoney(o.total, o.currency)), "num-fact")),
      o.shop_note ? h("div", { class: "shop-note" }, h("strong", null, `${t("order.shopNote")}: `), o.shop_note) : null),
      addressesRow());
  }

  function addressBlock(title, address, note = null) {
    return h("section", { class: "address-block", "aria-label": title },
      h("h2", null, title),
      address ? h("address", null,
        address.company ? h("span", { class: "address-line" }, address.company) : null,
        h("span", { class: "address-line address-name" }, [address.salutation, address.first_name, address.last_name].filter(Boolean).join(" ")),
        addressLines(address).map((line) => h("span", { class: "address-line" }, line)),
        note ? h("span", { class: "address-line muted small" }, note) : null)
        : h("p", { class: "muted" }, t("order.noAddress")));
  }

  function sameAddress(a, b) {
    if (!a || !b) return false;
    return ["company", "first_name", "last_name", "street", "zip_code", "city", "country"].every((k) => (a[k] || "") === (b[k] || ""));
  }

  function addressesRow() {
    const o = order;
    return h("div", { class: "order-addresses" },
      addressBlock(t("order.billing"), o.billing_address),
      addressBlock(t("order.shippingAddress"), o.shipping_address,
        sameAddress(o.billing_address, o.shipping_address) ? t("order.sameAddress") : null));
  }

  function linesSection() {
    const lines = order.lines || [];
    const section = h("section", { class: "card order-lines", "aria-labelledby": "lines-title" },
      h("h2", { id: "lines-title" }, t("order.lines")));
    if (!lines.length) {
      section.append(h("p", { class: "muted" }, t("order.noLines")));
      return section;
    }
    const discount = (line) => {
      if (isZero(line.discount_value) && isZero(line.discount_percent)) return "–";
      const parts = [];
      if (!isZero(line.discount_percent)) parts.push(`−${formatPercent(line.discount_percent)}`);
      if (!isZero(line.discount_value)) parts.push(`−${formatMoney(line.discount_value, line.currency || order.currency)}`);
      return parts.join(" / ");
    };
    section.append(h("div", { class: "table-scroll" }, h("table", { class: "data-table lines-table", "aria-label": t("order.linesTable") },
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, t("line.item")),
        h("th", { scope: "col" }, t("line.ean")),
        h("th", { scope: "col" }, t("line.name")),
        h("th", { scope: "col", class: "num" }, t("line.quantity")),
        h("th", { scope: "col", class: "num" }, t("line.unitPrice")),
        h("th", { scope: "col", class: "num" }, t("line.discount")),
        h("th", { scope: "col", class: "num" }, t("line.total")),
        h("th", { scope: "col" }, t("line.status")))),
      h("tbody", null, lines.map((line) => {
        const currency = line.currency || order.currency;
        return h("tr", { dataset: { status: line.status } },
          h("td", { class: "mono col-item" }, line.item_number),
          h("td", { class: "mono col-ean" }, line.ean || "–"),
          h("td", { class: "col-line-name" }, line.name),
          h("td", { class: "num" }, String(line.quantity)),
          h("td", { class: "num" }, formatMoney(line.unit_price, currency),
            !isZero(line.discount_value) && line.full_price !== line.unit_price
              ? h("span", { class: "full-price" }, t("line.fullPrice", { price: formatMoney(line.full_price, currency) })) : null),
          h("td", { class: "num" }, discount(line)),
          h("td", { class: "num" }, formatMoney(line.line_total, currency)),
          h("td", null, h("span", { class: `line-status line-status-${String(line.status).toLowerCase()}` }, lineStatusText(line.status))));
      })))));
    return section;
  }

  function invoicesSection() {
    const invoices = order.invoices || [];
    const section = h("section", { class: "card order-invoices", "aria-labelledby": "invoices-title" },
      h("h2", { id: "invoices-title" }, t("order.invoices")));
    if ((order.unavailable || []).includes("invoices")) {
      section.append(h("p", { class: "notice notice-warning order-gap", role: "note", dataset: { gap: "invoices" } },
        t("order.unavailable.invoices")));
    }
    if (!invoices.length) {
      section.append(h("p", { class: "muted no-invoices" }, t("order.noInvoices")));
      return section;
    }
    section.append(h("ul", { class: "invoice-list" }, invoices.map((inv) => {
      const currency = inv.currency || order.currency;
      const money = (v) => formatMoney(v, currency);
      return h("li", { class: `invoice-card invoice-${inv.state}`, dataset: { state: inv.state, invoice: inv.invoice_number } },
        h("div", { class: "invoice-head" },
          h("h3", { class: "invoice-number" }, t("invoice.number", { number: inv.invoice_number })),
          h("span", { class: `pay-badge pay-${inv.state}` },
            h("span", { class: "pay-icon", "aria-hidden": "true" }, inv.state === "paid" ? "✓" : inv.state === "partly_paid" ? "◐" : "!"),
            " ", invoiceStateText(inv.state))),
        h("dl", { class: "invoice-facts" },
          fact(t("invoice.date"), formatDate(inv.invoice_date)),
          fact(t("invoice.due"), formatDate(inv.due_date)),
          fact(t("invoice.total"), money(inv.total), "num-fact"),
          fact(t("invoice.paid"), money(inv.paid_amount), "num-fact invoice-paid"),
          !isZero(inv.open_amount) ? fact(t("invoice.open"), money(inv.open_amount), "num-fact invoice-open") : null,
          fact(t("invoice.paidDate"), inv.state !== "unpaid" ? formatDate(inv.paid_date) : ""),
          fact(t("invoice.tracking"), inv.tracking_id, "mono")));
    })));
    return section;
  }

  showBar();
  if (order && !arrived()) {
    render();
    content.querySelector("h1")?.focus();
  } else if (!order) {
    load().then(() => {
      if (!view.isConnected) return;
      const active = document.activeElement;
      if (!active || active === document.body || active.id === "main") content.querySelector("h1")?.focus();
    });
  }

  const parent = () => (customerKey ? `#/customers/${encodeURIComponent(customerKey)}` : lastSearchHash());
  return {
    parentHash: parent,
    goUp: () => goUp(parent(), customerKey ? undefined : (prev) => prev.startsWith("#/search")),
    unmount() {
      controller?.abort();
      support?.dispose();
    },
  };
}
