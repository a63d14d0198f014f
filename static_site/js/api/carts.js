// Carts (C5): the server-side draft of an order. Every change sends the cart's `version` and answers
// the whole cart, recomputed on the server (lines, totals, shipping and payment options, messages).
// A stale version answers 409 `cart_version_conflict`: the caller reloads the cart.

import { http, path } from "./http.js";

/**
 * @typedef {object} Address
 * @property {number | null} [address_key]
 * @property {string | null} [address_type]
 * @property {string} salutation
 * @property {string} first_name
 * @property {string} last_name
 * @property {string} company
 * @property {string} street
 * @property {string} zip_code
 * @property {string} city
 * @property {string} country
 * @property {string} [phone]
 * @property {string} [email]
 */
/**
 * @typedef {object} CartCustomer
 * @property {"existing" | "new"} kind
 * @property {number | string | null} customer_key
 * @property {string} customer_number
 * @property {"private" | "business"} customer_type
 * @property {string} salutation
 * @property {string} first_name
 * @property {string} last_name
 * @property {string} company
 * @property {string} vat_id
 * @property {string} email
 * @property {string} phone
 */
/** @typedef {{available: number | null, level: "available" | "few" | "none", note?: string | null}} Stock */
/**
 * @typedef {object} CartLine
 * @property {string} line_id
 * @property {number | string} item_key
 * @property {string} item_number
 * @property {string} ean
 * @property {string} name
 * @property {number} quantity
 * @property {string} unit_price
 * @property {string} normal_unit_price
 * @property {boolean} promo
 * @property {string} vat_percent
 * @property {string} line_total
 * @property {Stock} stock
 */
/**
 * @typedef {object} Totals
 * @property {string} goods
 * @property {string} discount
 * @property {string} shipping
 * @property {string} payment_surcharge
 * @property {string} vat
 * @property {string} total
 * @property {string} currency
 * @property {"gross" | "net"} price_basis
 * @property {string | null} missing_for_free_shipping
 */
/** @typedef {{vendor_code: string, name: string, cost: string, free_from: string | null}} ShippingOption */
/** @typedef {{code: string, text: string, kind: string, needs_bank_account: boolean, adjustment_text: string | null}} PaymentOption */
/** @typedef {{holder: string, iban_masked: string, bic: string}} BankAccountOut */
/** @typedef {{holder: string, iban: string, bic: string}} BankAccountIn */
/**
 * @typedef {object} Cart
 * @property {string} cart_id
 * @property {number} version
 * @property {"open" | "parked" | "ordered"} status
 * @property {string} connection_id
 * @property {CartCustomer} customer
 * @property {Address | null} billing_address
 * @property {Address | null} shipping_address
 * @property {Address[]} known_addresses
 * @property {string | null} payment_code
 * @property {string | null} shipping_code
 * @property {string} currency
 * @property {string} customer_wish
 * @property {BankAccountOut | null} bank_account
 * @property {CartLine[]} lines
 * @property {Totals} totals
 * @property {ShippingOption[]} shipping_options
 * @property {PaymentOption[]} payment_options
 * @property {{code: string, text: string}[]} messages
 * @property {{agent_id: string, email: string}} owner
 * @property {string | null} parked_note
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string} expires_at
 */
/**
 * @typedef {object} CartSummary
 * @property {string} cart_id
 * @property {"open" | "parked" | "ordered"} status
 * @property {string} customer_name
 * @property {string} customer_number
 * @property {number} lines_count
 * @property {string} total
 * @property {string} currency
 * @property {string} owner_email
 * @property {string | null} parked_note
 * @property {string} updated_at
 * @property {string} connection_id
 * @property {number} [version]
 */
/**
 * @typedef {object} NewCustomer
 * @property {"private" | "business"} customer_type
 * @property {string} salutation
 * @property {string} first_name
 * @property {string} last_name
 * @property {string} company
 * @property {string} vat_id
 * @property {string} email
 * @property {string} phone
 */
/** @typedef {{customer_key: number | string} | {new_customer: NewCustomer} | {from_order: number | string}} CartStart */
/**
 * @typedef {object} CartChange  what PATCH /carts/{id} takes besides the version
 * @property {Address} [billing_address]
 * @property {Address} [shipping_address]
 * @property {boolean} [shipping_same_as_billing]
 * @property {string} [payment_code]
 * @property {string} [shipping_code]
 * @property {string} [currency]
 * @property {string} [customer_wish]
 * @property {BankAccountIn} [bank_account]
 */
/** @typedef {{item_key?: number | string, item_number?: string, ean?: string, quantity: number}} LineIn */
/** @typedef {{line_number: number, text: string, reason: string}} PasteProblem */
/** @typedef {{cart: Cart, problems: PasteProblem[]}} PasteAnswer */

/** @param {string} cartId @param {...string} rest */
const cart = (cartId, ...rest) => path("carts", cartId, ...rest);

/**
 * POST /carts for a customer, a new customer or as a reorder of a past order.
 * @param {CartStart} start
 * @returns {Promise<Cart>}
 */
export const create = (start) => http.post("/carts", start);

/**
 * GET /carts?status=&mine=
 * @param {{status?: "open" | "parked", mine?: boolean}} [filter]
 * @returns {Promise<{carts: CartSummary[]}>}
 */
export const list = ({ status, mine } = {}) =>
  http.get("/carts", { query: { status, mine: mine === undefined ? undefined : String(mine) } });

/**
 * @param {string} cartId
 * @param {{signal?: AbortSignal}} [options]
 * @returns {Promise<Cart>}
 */
export const get = (cartId, { signal } = {}) => http.get(cart(cartId), { signal });

/**
 * @param {string} cartId
 * @param {number} version
 * @param {CartChange} change
 * @returns {Promise<Cart>}
 */
export const update = (cartId, version, change) => http.patch(cart(cartId), { ...change, version });

/**
 * @param {string} cartId
 * @param {number} version
 * @param {LineIn} line
 * @returns {Promise<Cart>}
 */
export const addLine = (cartId, version, line) => http.post(cart(cartId, "lines"), { ...line, version });

/**
 * @param {string} cartId
 * @param {number} version
 * @param {string} lineId
 * @param {number} quantity
 * @returns {Promise<Cart>}
 */
export const setQuantity = (cartId, version, lineId, quantity) =>
  http.patch(cart(cartId, "lines", lineId), { version, quantity });

/**
 * @param {string} cartId
 * @param {number} version
 * @param {string} lineId
 * @returns {Promise<Cart>}
 */
export const removeLine = (cartId, version, lineId) =>
  http.delete(cart(cartId, "lines", lineId), { query: { version } });

/**
 * Quick order: several lines `ID<sep>quantity` at once; unknown ids come back in `problems`.
 * @param {string} cartId
 * @param {number} version
 * @param {string} text
 * @returns {Promise<PasteAnswer>}
 */
export const paste = (cartId, version, text) => http.post(cart(cartId, "lines", "paste"), { version, text });

/**
 * @param {string} cartId
 * @param {number} version
 * @param {string} note
 * @returns {Promise<Cart>}
 */
export const park = (cartId, version, note) => http.post(cart(cartId, "park"), { version, note });

/**
 * The calling agent becomes the owner.
 * @param {string} cartId
 * @param {number} version
 * @returns {Promise<Cart>}
 */
export const takeOver = (cartId, version) => http.post(cart(cartId, "take-over"), { version });
