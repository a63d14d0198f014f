// The link of the signup mail (#/verify?token=...): confirms the address once, then sends the admin
// to the login. An expired, used or broken link says so clearly and how to go on.

import { ApiError } from "../api/http.js";
import * as signupApi from "../api/signup.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n/index.js";

export const titleKey = "verify.title";

// The answer per token: a language switch mounts the view again and must not use the link twice.
const results = new Map();

export function mount(container, match) {
  const token = (match.query.token || "").trim();
  const body = h("div", { id: "verify-result", "aria-live": "polite" });
  const heading = h("h1", { id: "verify-title", tabindex: "-1" }, t("verify.title"));
  container.append(h("section", { class: "login-panel account-panel", "aria-labelledby": "verify-title" }, heading, body));

  const show = (result) => {
    if (result.ok) {
      const go = h("a", { href: "#/login", class: "button-primary", id: "verify-login" }, t("verify.toLogin"));
      replace(body, h("p", { class: "notice notice-success", role: "status" }, t("verify.done")), h("p", null, go));
      go.focus();
      return;
    }
    const retryable = result.error instanceof ApiError && result.error.retryable;
    const retry = retryable
      ? h("button", { type: "button", class: "button-secondary", onClick: () => { results.delete(token); run(); } }, t("verify.retry"))
      : null;
    replace(body,
      h("div", { class: "error-box", role: "alert", id: "verify-error" },
        h("p", { class: "error-title" }, t("verify.failed")),
        h("p", { class: "error-message" }, result.error ? result.error.message : t("ui.tokenMissing")),
        retryable ? null : h("p", { class: "error-message" }, t("verify.invalidHelp")),
        h("p", { class: "actions" }, retry, " ",
          h("a", { href: "#/login" }, t("verify.toLogin")), " · ",
          h("a", { href: "#/signup" }, t("verify.signupAgain")))));
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
    replace(body, h("p", { class: "status-line status-loading", role: "status" }, t("verify.busy")));
    let result;
    try {
      await signupApi.verify(token);
      result = { ok: true };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result = { ok: false, error: err };
    }
    if (!result.error?.retryable) results.set(token, result);
    if (body.isConnected) show(result);
  }

  run();
}
