// Orders as the agent reads them: status words for orders, lines and invoices, and the names of
// the well-known carriers.

import { has, t } from "../i18n/index.js";

/**
 * @param {string} prefix
 * @param {string | null | undefined} code
 */
function word(prefix, code) {
  const key = `${prefix}.${code}`;
  return code && has(key) ? t(key) : code || "";
}

/** "offen" for OPEN; unknown codes are shown as they are. @param {string | null | undefined} code */
export const orderStatusText = (code) => word("orderStatus", code);
/** "versandt" for AUS. @param {string | null | undefined} code */
export const lineStatusText = (code) => word("lineStatus", code);
/** "teilweise bezahlt" for partly_paid. @param {string | null | undefined} state */
export const invoiceStateText = (state) => word("invoiceState", state);

// pixi has no call that lists shipping vendors (their codes are set up per installation), so the
// well-known carriers get their names here and any other code is shown as it is.
/** @type {Record<string, string>} */
const CARRIERS = { DHL: "DHL", DPD: "DPD", UPS: "UPS", HER: "Hermes", GLS: "GLS", FED: "FedEx", DPE: "Deutsche Post" };

/**
 * "Hermes (HER)" for HER; an unknown code as it is.
 * @param {string | null | undefined} code
 */
export function shippingVendorText(code) {
  const name = code ? CARRIERS[code.toUpperCase()] : "";
  return name && name !== code ? `${name} (${code})` : code || "";
}
