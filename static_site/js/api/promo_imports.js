// Promo price import (P1, admins, per pixi connection: the one chosen in the header): the
// configuration per currency (GET/PUT /settings/promo-imports, saved only after a good preview),
// the preview of a file, "Jetzt importieren", the runs and a run's rejected rows as CSV.

import { http, path } from "./http.js";

/** @typedef {"ean" | "item_number"} IdType */
/** @typedef {{generation: string, id_type: IdType, since: string, prices: number}} ActivePrices */
/**
 * @typedef {object} PromoImportConfig
 * @property {string} currency
 * @property {string} url
 * @property {IdType} id_type
 * @property {boolean} active  imported at 06:00 and 14:00 German time
 * @property {string | null} updated_at
 * @property {string} updated_by
 * @property {ActivePrices | null} active_prices
 * @property {boolean} running
 */
/** @typedef {{connection_id: string, configurations: PromoImportConfig[]}} PromoImportConfigs */
/** @typedef {{line: number, product_id: string, price: string}} AcceptedRow */
/** @typedef {{line: number, product_id: string, code: string, reason: string}} RejectedRow */
/**
 * @typedef {object} Preview
 * @property {{encoding: string, byte_order_mark: boolean, separator: string | null, header: string[] | null}} format
 * @property {{rows_read: number, accepted: number, rejected: number, duplicates: number}} counts
 * @property {AcceptedRow[]} accepted  the first 100
 * @property {RejectedRow[]} rejected
 * @property {boolean} rejected_truncated
 */
/**
 * @typedef {object} ImportRun
 * @property {string} run_id
 * @property {string} currency
 * @property {"schedule" | "manual"} trigger
 * @property {"queued" | "running" | "succeeded" | "failed"} outcome
 * @property {string} url
 * @property {IdType} id_type
 * @property {string} started_by
 * @property {string} queued_at
 * @property {string | null} started_at
 * @property {string | null} finished_at
 * @property {number | null} duration_seconds
 * @property {number} rows_read
 * @property {number} accepted
 * @property {number} rejected
 * @property {number} duplicates
 * @property {boolean} rejected_report
 * @property {string} message
 */

/** @returns {Promise<PromoImportConfigs>} */
export const configurations = () => http.get("/settings/promo-imports");

/**
 * @param {{currency: string, url: string, id_type: IdType, active: boolean}} config
 * @returns {Promise<{configuration: PromoImportConfig, preview: Preview}>}
 */
export const save = (config) => http.put("/settings/promo-imports", config, { timeoutMs: 40000 });

/**
 * @param {string} url
 * @param {IdType} idType
 * @returns {Promise<Preview>}
 */
export const preview = (url, idType) => http.post("/promo-imports/preview", { url, id_type: idType }, { timeoutMs: 40000 });

/**
 * @param {string} currency
 * @returns {Promise<ImportRun>}
 */
export const importNow = (currency) => http.post("/promo-imports/run", { currency });

/**
 * @param {{currency?: string, limit?: number}} [query]
 * @returns {Promise<{runs: ImportRun[]}>}
 */
export const runs = (query = {}) => http.get("/promo-imports/runs", { query });

/**
 * @param {string} runId
 * @returns {Promise<string>} the CSV text (UTF-8 with BOM, ";")
 */
export const rejectedReport = (runId) => http.get(path("promo-imports", "runs", runId, "rejected.csv"), { asText: true });
