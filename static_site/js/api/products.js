// Product search (O2): GET /products?q= for the typeahead, priced for the cart's customer.

import { http } from "./http.js";

/** @typedef {{available: number | null, level: "available" | "few" | "none"}} ProductStock */
/**
 * @typedef {object} Product
 * @property {number | string} item_key
 * @property {string} item_number
 * @property {string} ean
 * @property {string} name
 * @property {string} variation_text
 * @property {number | string | null} master_item_key
 * @property {boolean} is_variation_master
 * @property {number | string | null} default_variation_key
 * @property {Product[]} variations
 * @property {string} price
 * @property {string | null} promo_price
 * @property {string} currency
 * @property {"gross" | "net"} price_basis
 * @property {string} vat_percent
 * @property {ProductStock} stock
 */
/** @typedef {{q: string, currency?: string, customer_type?: "private" | "business"}} ProductQuery */

/** The typeahead starts from this many characters (the API refuses fewer). */
export const MIN_QUERY_LENGTH = 2;

/**
 * @param {ProductQuery} query
 * @param {{signal?: AbortSignal}} [options]
 * @returns {Promise<{query: string, items: Product[]}>}
 */
export const search = (query, { signal } = {}) => http.get("/products", { query, signal });
