// The one way the page talks to the API: JSON, Bearer token, a timeout, and one error shape.
//
//   import { api, ApiError } from "./api.js";
//   const data = await api.get("/customers", { query: { q } });
//   try { ... } catch (e) { if (e instanceof ApiError) show(e.message) }
//
// Every failure becomes an ApiError {status, code, message, fields, requestId}: the API's own error
// body when there is one, otherwise a clear message for network failures (status 0, code
// "network_error") and timeouts (status 0, code "timeout").

import { t, has } from "./i18n.js";
import { chosenConnection, getSession } from "./session.js";

export const DEFAULT_TIMEOUT_MS = 25000;

export class ApiError extends Error {
  constructor({ status, code, message, fields = {}, requestId = null }) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.requestId = requestId;
  }

  /** The problem is on the way to pixi or the server: trying again may help. */
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

let unauthorizedHandler = null;

/** Called with the ApiError when a signed-in call answers 401 (the session is over). */
export function setUnauthorizedHandler(handler) {
  unauthorizedHandler = handler;
}

export function apiBase() {
  const base = window.APP_CONFIG?.apiBase || "/api";
  return base.replace(/\/+$/, "");
}

function buildUrl(path, query) {
  const url = new URL(apiBase() + path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value === undefined || value === null || value === "") continue;
    url.searchParams.set(key, String(value));
  }
  return url;
}

/** In English, an API error gets an English text by its code; in German the API's own message. */
function localizedMessage(code, serverMessage) {
  if (has(`code.${code}`)) return t(`code.${code}`);
  return serverMessage;
}

/**
 * request(method, path, {query, body, auth = true, timeoutMs, signal}) -> parsed JSON (null for 204).
 * `signal` lets a screen cancel a call it no longer needs (AbortError is re-thrown untouched).
 */
export async function request(method, path, options = {}) {
  const { query, body, auth = true, timeoutMs = DEFAULT_TIMEOUT_MS, signal } = options;
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
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      credentials: "same-origin",
      cache: "no-store",
    });
    const text = await response.text();
    if (text) {
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

  if (response.ok) return payload;

  const isErrorBody = payload && typeof payload === "object" && typeof payload.code === "string";
  const code = isErrorBody ? payload.code : `http_${response.status}`;
  const error = new ApiError({
    status: response.status,
    code,
    message: isErrorBody && payload.message
      ? localizedMessage(code, payload.message)
      : t("error.http", { status: response.status }),
    fields: isErrorBody ? payload.fields : {},
    requestId: isErrorBody ? payload.request_id ?? null : null,
  });
  if (response.status === 401 && auth && unauthorizedHandler) unauthorizedHandler(error);
  throw error;
}

export const api = {
  get: (path, options) => request("GET", path, options),
  post: (path, body, options) => request("POST", path, { ...options, body }),
  put: (path, body, options) => request("PUT", path, { ...options, body }),
  patch: (path, body, options) => request("PATCH", path, { ...options, body }),
  delete: (path, options) => request("DELETE", path, options),
};
