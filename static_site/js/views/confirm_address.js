// The link of a confirmation mail for a support or sender address (#/confirm-address?token=...):
// proves once that the address belongs to the account that entered it. No login needed: the
// mailbox's owner may not have one.

import { ApiError } from "../api/http.js";
import * as settingsApi from "../api/settings.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n/index.js";

export const titleKey = "confirmAddress.title";

// The answer per token: a language switch mounts the view again and must not use the link twice.
const results = new Map();

export function mount(container, match) {
  const token = (match.query.token || "").trim();
  const body = h("div", { id: "confirm-address-result", "aria-live": "polite" });
  const heading = h("h1", { id: "confirm-address-title", tabindex: "-1" }, t("confirmAddress.title"));
  container.append(h("section", { class: "login-panel account-panel", "aria-labelledby": "confirm-address-title" }, heading, body));

  const show = (result) => {
    if (result.ok) {
      const { address, tenant_name: tenant, role } = result.confirmed;
      replace(body, h("p", { class: "notice notice-success", role: "status", id: "confirm-address-done" },
        t(role === "sender" ? "confirmAddress.doneSender" : "confirmAddress.doneSupport", { address, tenant })));
      heading.focus();
      return;
    }
    const retryable = result.error instanceof ApiError && result.error.retryable;
    const retry = retryable
      ? h("button", { type: "button", class: "button-secondary", onClick: () => { results.delete(token); run(); } }, t("verify.retry"))
      : null;
    replace(body,
      h("div", { class: "error-box", role: "alert", id: "confirm-address-error" },
        h("p", { class: "error-title" }, t("confirmAddress.failed")),
        h("p", { class: "error-message" }, result.error ? result.error.message : t("ui.tokenMissing")),
        retryable ? null : h("p", { class: "error-message" }, t("confirmAddress.invalidHelp")),
        retry ? h("p", { class: "actions" }, retry) : null));
    heading.focus();
  };

  async function run() {
    if (!token) {
      show({ ok: false, error: null });
      return;
    }
    if (results.has(token)) {
      show(results.get(token));
      return;
    }
    replace(body, h("p", { class: "status-line status-loading", role: "status" }, t("confirmAddress.busy")));
    let result;
    try {
      result = { ok: true, confirmed: await settingsApi.confirmAddress(token) };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result = { ok: false, error: err };
    }
    if (!result.error?.retryable) results.set(token, result);
    if (body.isConnected) show(result);
  }

  run();
}
