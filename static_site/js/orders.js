// Orders as the agent reads them: status words for orders, lines and invoices (German and
// English), and the loaded order details of this session (dropped at sign-out).

import { api } from "./api.js";
import { addMessages, has, t } from "./i18n.js";
import { onCustomerDataReset } from "./session.js";

addMessages({
  de: {
    "orderStatus.OPEN": "offen",
    "orderStatus.CLOSED": "abgeschlossen",
    "orderStatus.HOLD": "angehalten",
    "lineStatus.HAL": "angehalten",
    "lineStatus.ANG": "freigegeben",
    "lineStatus.EIN": "verpackt",
    "lineStatus.AUS": "versandt",
    "lineStatus.RET": "retourniert",
    "lineStatus.MIN": "Ersatzlieferung",
    "lineStatus.STO": "storniert",
    "lineStatus.NLB": "nicht lieferbar",
    "invoiceState.paid": "bezahlt",
    "invoiceState.partly_paid": "teilweise bezahlt",
    "invoiceState.unpaid": "offen",
  },
  en: {
    "orderStatus.OPEN": "open",
    "orderStatus.CLOSED": "completed",
    "orderStatus.HOLD": "on hold",
    "lineStatus.HAL": "on hold",
    "lineStatus.ANG": "released",
    "lineStatus.EIN": "packed",
    "lineStatus.AUS": "shipped",
    "lineStatus.RET": "returned",
    "lineStatus.MIN": "replacement delivery",
    "lineStatus.STO": "cancelled",
    "lineStatus.NLB": "not deliverable",
    "invoiceState.paid": "paid",
    "invoiceState.partly_paid": "partly paid",
    "invoiceState.unpaid": "unpaid",
  },
});

export const ORDER_FRESH_MS = 60 * 1000;

const details = new Map(); // order number -> {at, order}

onCustomerDataReset(() => details.clear());

function word(prefix, code) {
  const key = `${prefix}.${code}`;
  return code && has(key) ? t(key) : code || "";
}

/** "offen" for OPEN; unknown codes are shown as they are. */
export const orderStatusText = (code) => word("orderStatus", code);
/** "versandt" for AUS. */
export const lineStatusText = (code) => word("lineStatus", code);
/** "teilweise bezahlt" for partly_paid. */
export const invoiceStateText = (state) => word("invoiceState", state);

// pixi has no call that lists shipping vendors (their codes are set up per installation), so the
// well-known carriers get their names here and any other code is shown as it is.
const CARRIERS = { DHL: "DHL", DPD: "DPD", UPS: "UPS", HER: "Hermes", GLS: "GLS", FED: "FedEx", DPE: "Deutsche Post" };

/** "Hermes (HER)" for HER; an unknown code as it is. */
export function shippingVendorText(code) {
  const name = code ? CARRIERS[code.toUpperCase()] : "";
  return name && name !== code ? `${name} (${code})` : code || "";
}

export function cachedOrder(orderNumber) {
  const entry = details.get(String(orderNumber));
  return entry && Date.now() - entry.at <= ORDER_FRESH_MS ? entry.order : null;
}

/**
 * GET /orders/{number} (refresh: bypass the server cache). customerKey: the customer the agent came
 * from; the server reads that customer beside the order, so `order.customer` carries the lock state.
 */
export async function loadOrder(orderNumber, { refresh = false, signal, customerKey = null } = {}) {
  const query = {};
  if (refresh) query.refresh = 1;
  if (customerKey) query.customer_key = customerKey;
  const order = await api.get(`/orders/${encodeURIComponent(orderNumber)}`, { query, signal });
  details.set(String(orderNumber), { at: Date.now(), order });
  return order;
}
