// Loading and error states shared by the screens: a skeleton with a status text (aria-busy on the
// region), a note when pixi is slow, and an error box with the API's message, "Erneut versuchen"
// and the reference number (while pixi's circuit is open, the seconds until the next try count
// down). Nothing here touches what the agent typed.

import { ApiError, PIXI_CIRCUIT_OPEN } from "../api/http.js";
import { h } from "../dom.js";
import { t } from "../i18n/index.js";

export const SLOW_AFTER_MS = 4000;

/**
 * A placeholder while data loads: a status line for screen readers and grey bars for the eye.
 * @param {string} text
 * @param {{lines?: number}} [options]
 */
export function skeleton(text, { lines = 4 } = {}) {
  return h("div", { class: "skeleton", role: "status", "aria-live": "polite" },
    h("p", { class: "status-line status-loading" }, text),
    Array.from({ length: lines }, (_, i) => h("div", { class: `skeleton-bar skeleton-bar-${i % 3}`, "aria-hidden": "true" })));
}

/**
 * Mark `region` busy while `promise` runs; after SLOW_AFTER_MS put the "pixi is slow" note into
 * `noteTarget` (default: region). Returns the promise's result.
 * @template T
 * @param {HTMLElement} region
 * @param {Promise<T>} promise
 * @param {HTMLElement} [noteTarget]
 * @returns {Promise<T>}
 */
export async function whileBusy(region, promise, noteTarget = region) {
  region.setAttribute("aria-busy", "true");
  const slow = window.setTimeout(() => {
    if (noteTarget.isConnected) noteTarget.append(h("p", { class: "slow-note", role: "status" }, t("load.slow")));
  }, SLOW_AFTER_MS);
  try {
    return await promise;
  } finally {
    window.clearTimeout(slow);
    region.removeAttribute("aria-busy");
    for (const note of noteTarget.querySelectorAll(":scope > .slow-note")) note.remove();
  }
}

/**
 * Any thrown value as an ApiError (so the box below can show it).
 * @param {unknown} err
 */
export function asApiError(err) {
  return err instanceof ApiError ? err : new ApiError({ status: 0, code: "client_error", message: String(err) });
}

/**
 * pixi's circuit is open: the message counts down to the server's next try ("neuer Versuch in 25 s"),
 * then says that trying again makes sense. Stops when the box leaves the page.
 * @param {HTMLElement} message
 * @param {number} seconds
 */
function countDown(message, seconds) {
  const until = Date.now() + seconds * 1000;
  const timer = window.setInterval(() => {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (!message.isConnected && left < seconds) {
      window.clearInterval(timer);
      return;
    }
    message.textContent = left > 0 ? t("error.pixiCircuitOpen", { seconds: left }) : t("error.pixiCircuitRetryNow");
    if (left <= 0) window.clearInterval(timer);
  }, 1000);
}

/**
 * The error box: title, the message, a retry button when trying again can help, the reference.
 * @param {{title: string, err: unknown, onRetry?: (() => void) | null, extra?: import("../dom.js").Child}} options
 */
export function errorBox({ title, err, onRetry = null, extra = null }) {
  const error = asApiError(err);
  const retry = onRetry && (error.retryable || error.status === 0)
    ? h("button", { type: "button", class: "button-secondary retry-button", onClick: onRetry }, t("error.retry"))
    : null;
  const message = h("p", { class: "error-message" }, error.message);
  if (error.code === PIXI_CIRCUIT_OPEN && error.retryAfterSeconds) countDown(message, error.retryAfterSeconds);
  return h("div", { class: "error-box", role: "alert" },
    h("p", { class: "error-title" }, title),
    message,
    error.requestId ? h("p", { class: "muted small" }, t("error.requestId", { id: error.requestId })) : null,
    retry || extra ? h("div", { class: "actions" }, retry, extra) : null);
}

/**
 * The "Aktualisieren" button (calls onRefresh; shows that it runs).
 * @param {() => Promise<unknown>} onRefresh
 */
export function refreshButton(onRefresh) {
  const button = h("button", {
    type: "button", class: "button-quiet refresh-button", title: t("load.refreshHint"),
  }, h("span", { class: "refresh-icon", "aria-hidden": "true" }, "↻"), " ", t("load.refresh"));
  button.addEventListener("click", async () => {
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    button.setAttribute("aria-disabled", "true");
    try {
      await onRefresh();
    } finally {
      button.removeAttribute("aria-busy");
      button.removeAttribute("aria-disabled");
    }
  });
  return button;
}
