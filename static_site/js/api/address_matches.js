// The duplicate check of the order form (O1): known pixi customers whose name and address match
// what the agent types for a new customer (POST /address-matches).

import { http } from "./http.js";

/** @typedef {{first_name: string, last_name: string, company: string, street: string, zip_code: string, city: string, country: string}} AddressProbe */
/**
 * @typedef {object} AddressMatch
 * @property {number | string} customer_key
 * @property {string} customer_number
 * @property {string} name
 * @property {import("./carts.js").Address} address
 * @property {number} score
 * @property {string} reason
 */

/**
 * @param {AddressProbe} probe
 * @param {{signal?: AbortSignal}} [options]
 * @returns {Promise<{matches: AddressMatch[]}>}
 */
export const find = (probe, { signal } = {}) => http.post("/address-matches", probe, { signal });
