// Support requests by e-mail (POST /support-requests) and whether they are set up.

import { http } from "./http.js";

/** @typedef {{ready: boolean, missing?: string[], message?: string}} Readiness */
/**
 * @typedef {object} SupportRequest
 * @property {number} customer_key
 * @property {number | null} order_number
 * @property {string} message
 * @property {string} language
 * @property {Record<string, string | null>} [shown]  what the page shows (used while pixi is down)
 */

/** @returns {Promise<Readiness>} GET /support-requests/readiness */
export function readiness() {
  return http.get("/support-requests/readiness");
}

/**
 * @param {SupportRequest} body
 * @returns {Promise<{to?: string, subject?: string, verified?: boolean} | null>}
 */
export function send(body) {
  return http.post("/support-requests", body);
}
