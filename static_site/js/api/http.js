// The one way the page talks to the API: JSON, the Bearer token, the chosen pixi connection
// (X-Pixi-Connection), a timeout, and one error shape. Only the modules of api/ use it; a screen
// calls e.g. `customers.search(query)` and never builds a URL or calls fetch itself.
//
// Every failure becomes an ApiError {status, code, message, fields, requestId}: the API's own
// error body {code, message, fields, request_id} when there is one, otherwise a clear message for
// network failures (status 0, code "network_error") and timeouts (status 0, code "timeout").

import { apiErrorText, t } from "../i18n/index.js";
import { chosenConnection, getSession } from "../state/session.js";

export const DEFAULT_TIMEOUT_MS = 25000;

/** @typedef {Record<string, string | number | boolean | null | undefined>} Query */
/**
 * @typedef {object} RequestOptions
 * @property {Query} [query]
 * @property {unknown} [body]
 * @property {boolean} [auth]  send the token and the chosen connection (default true)
 * @property {number} [timeoutMs]
 * @property {AbortSignal} [signal]  lets a screen cancel a call it no longer needs (AbortError is re-thrown untouched)
 * @property {boolean} [asText]  answer the body as text (a CSV report), not as parsed JSON
 */
/** @typedef {Omit<RequestOptions, "body">} CallOptions */

export class ApiError extends Error {
  /**
   * @param {{status: number, code: string, message: string, fields?: Record<string, string> | null, requestId?: string | null, retryAfterSeconds?: number | null}} details
   */
  constructor({ status, code, message, fields = {}, requestId = null, retryAfterSeconds = null }) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    /** @type {Record<string, string>} */
    this.fields = fields || {};
    this.requestId = requestId;
    /** Seconds until the server asks pixi again (the Retry-After header), or null. */
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The problem is on the way to pixi or the server: trying again may help. */
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** True for an ApiError with that HTTP status (401: the shell already sends the agent to the login). */
export function isApiStatus(/** @type {unknown} */ err, /** @type {number} */ status) {
  return err instanceof ApiError && err.status === status;
}

/** @type {((error: ApiError) => void) | null} */
let unauthorizedHandler = null;

/** The 401 code of a session past its absolute lifetime (refresh does not help: log in again). */
export const SESSION_EXPIRED = "session_expired";

/**
 * Why a 401 ended the session, for the login page: "lifetime" (SESSION_EXPIRED) or "expired".
 * @param {ApiError} error
 */
export function sessionEndReason(error) {
  return error.code === SESSION_EXPIRED ? "lifetime" : "expired";
}

/**
 * Called with the ApiError when a signed-in call answers 401 (the session is over; a refresh
 * too: see sessionEndReason).
 * @param {(error: ApiError) => void} handler
 */
export function setUnauthorizedHandler(handler) {
  unauthorizedHandler = handler;
}

export function apiBase() {
  /** @type {{APP_CONFIG?: {apiBase?: string}}} */
  const config = /** @type {any} */ (window);
  const base = config.APP_CONFIG?.apiBase || "/api";
  return base.replace(/\/+$/, "");
}

/**
 * "/customers/1%2F2/orders" from ["customers", 1/2, "orders"]: every segment is encoded.
 * @param {...(string | number)} segments
 */
export function path(...segments) {
  return segments.map((s) => `/${encodeURIComponent(String(s))}`).join("");
}

/**
 * @param {string} route
 * @param {Query | undefined} query
 */
function buildUrl(route, query) {
  const url = new URL(apiBase() + route, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value === undefined || value === null || value === "") continue;
    url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * The API's error body, or null when the answer is something else.
 * @param {unknown} payload
 * @returns {{code: string, message?: string, fields?: Record<string, string>, request_id?: string} | null}
 */
function errorBody(payload) {
  if (!payload || typeof payload !== "object") return null;
  const body = /** @type {{code?: unknown}} */ (payload);
  return typeof body.code === "string" ? /** @type {any} */ (payload) : null;
}

/** The code of "pixi is not answering, the server asks it again in N seconds". */
export const PIXI_CIRCUIT_OPEN = "pixi_circuit_open";

/**
 * Whole seconds of a Retry-After header, or null when there is none.
 * @param {Response} response
 */
function retryAfter(response) {
  const value = response.headers?.get("Retry-After");
  const seconds = value ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * request(method, route, options) -> parsed JSON (null for an empty answer).
 * @param {string} method
 * @param {string} route
 * @param {RequestOptions} [options]
 * @returns {Promise<any>}
 */
export async function request(method, route, options = {}) {
  const { query, body, auth = true, timeoutMs = DEFAULT_TIMEOUT_MS, signal, asText = false } = options;
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth) {
    const session = getSession();
    if (session) headers.Authorization = `Bearer ${session.token}`;
    const connection = chosenConnection();
    if (connection) headers["X-Pixi-Connection"] = connection.id;
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = window.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener("abort", onCallerAbort, { once: true });
  }

  let response;
  let payload = null;
  /** @type {string} */
  let text;
  try {
    response = await fetch(buildUrl(route, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      credentials: "same-origin",
      cache: "no-store",
    });
    text = await response.text();
    if (text && !(asText && response.ok)) {
      try {
        payload = JSON.parse(text);
      } catch {
        payload = null;
      }
    }
  } catch (err) {
    if (timedOut) {
      throw new ApiError({ status: 0, code: "timeout", message: t("error.timeout", { seconds: Math.round(timeoutMs / 1000) }) });
    }
    if (signal?.aborted) throw err;
    throw new ApiError({ status: 0, code: "network_error", message: t("error.network") });
  } finally {
    window.clearTimeout(timer);
    signal?.removeEventListener("abort", onCallerAbort);
  }

  if (response.ok) return asText ? text : payload;

  const problem = errorBody(payload);
  const code = problem ? problem.code : `http_${response.status}`;
  const retryAfterSeconds = retryAfter(response);
  const error = new ApiError({
    status: response.status,
    code,
    // pixi's circuit open: the page counts the seconds down itself. Otherwise in English an API
    // error gets an English text by its code; in German the API's own message.
    message: code === PIXI_CIRCUIT_OPEN && retryAfterSeconds !== null
      ? t("error.pixiCircuitOpen", { seconds: retryAfterSeconds })
      : problem?.message
        ? apiErrorText(code) ?? problem.message
        : t("error.http", { status: response.status }),
    fields: problem ? problem.fields : {},
    requestId: problem?.request_id ?? null,
    retryAfterSeconds,
  });
  if (response.status === 401 && auth && unauthorizedHandler) unauthorizedHandler(error);
  throw error;
}

export const http = {
  /** @param {string} route @param {CallOptions} [options] */
  get: (route, options) => request("GET", route, options),
  /** @param {string} route @param {unknown} [body] @param {CallOptions} [options] */
  post: (route, body, options) => request("POST", route, { ...options, body }),
  /** @param {string} route @param {unknown} body @param {CallOptions} [options] */
  put: (route, body, options) => request("PUT", route, { ...options, body }),
  /** @param {string} route @param {unknown} body @param {CallOptions} [options] */
  patch: (route, body, options) => request("PATCH", route, { ...options, body }),
  /** @param {string} route @param {CallOptions} [options] */
  delete: (route, options) => request("DELETE", route, options),
};
