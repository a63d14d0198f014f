// The order configuration (O5): what agents read (GET /order-config) and what admins edit per pixi
// connection (GET/PUT /settings/order-config, with help texts, pixi's reference data and changes).

import { http } from "./http.js";

/** @typedef {{kind: "surcharge" | "discount", percent: string | null, amounts: Record<string, string>}} Adjustment */
/** @typedef {{code: string, adjustment: Adjustment | null}} PaymentMethodConfig */
/** @typedef {{currency: string, cost: string, free_from: string | null}} ShippingPrice */
/** @typedef {{vendor_code: string, name: string, countries: string[], prices: ShippingPrice[]}} ShippingMethodConfig */
/**
 * @typedef {object} OrderConfig
 * @property {boolean} enabled
 * @property {boolean} allow_without_stock
 * @property {"number" | "indicator"} stock_display
 * @property {number} stock_few_threshold
 * @property {string} customer_number_prefix
 * @property {string} order_number_prefix
 * @property {string} comment_template
 * @property {string | null} default_currency
 * @property {number | null} import_channel_id
 * @property {number} cart_expiry_hours
 * @property {boolean} order_confirmation_mail
 * @property {PaymentMethodConfig[]} payment_methods
 * @property {ShippingMethodConfig[]} shipping_methods
 */
/** @typedef {{code: string, text: string, xml_tag: string, kind: string, choosable: boolean, reason: string | null}} PaymentType */
/** @typedef {{iso2: string, name: string}} Country */
/**
 * @typedef {object} Reference  what pixi offers on this connection
 * @property {PaymentType[]} payment_types
 * @property {{code: string, active: boolean}[]} currencies
 * @property {Country[]} countries
 */
/** @typedef {{at: string, agent_email: string, action: string, details?: Record<string, unknown>}} ConfigChange */
/**
 * @typedef {object} AdminOrderConfig
 * @property {string} connection_id
 * @property {OrderConfig} config
 * @property {Record<string, {de: string, en: string}>} help  by field path
 * @property {Reference} reference
 * @property {ConfigChange[]} changes
 */
/**
 * @typedef {object} AgentOrderConfig
 * @property {boolean} enabled
 * @property {string} default_currency
 * @property {string[]} currencies
 * @property {"number" | "indicator"} stock_display
 * @property {boolean} allow_without_stock
 * @property {{code: string, text: string, kind: string, needs_bank_account: boolean, adjustment: Adjustment | null}[]} payment_methods
 * @property {ShippingMethodConfig[]} shipping_methods
 * @property {Country[]} countries
 */

/** @returns {Promise<AgentOrderConfig>} GET /order-config (409 ordering_not_configured when off) */
export const forAgents = () => http.get("/order-config");

/** @returns {Promise<AdminOrderConfig>} */
export const load = () => http.get("/settings/order-config");

/**
 * @param {OrderConfig} config
 * @returns {Promise<AdminOrderConfig>}
 */
export const save = (config) => http.put("/settings/order-config", config);
