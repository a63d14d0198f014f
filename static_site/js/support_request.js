// T1 support request by e-mail: the "Support-Anfrage" button of the customer bar (customer overview
// and order details) and its overlay. The overlay names the customer (and the order) the mail is
// about, takes the agent's question (at most 5,000 characters, with a counter) and sends it with
// "Senden" or Ctrl+Enter. Nothing typed is lost: the text stays in the overlay when sending fails,
// and a draft per customer/order is kept in sessionStorage (a reload or closing by mistake does not
// lose it) until the request went out. Without a support address or a verified sender the overlay
// explains what an administrator must set up instead of offering a form that cannot work.
// Keys: "s" (when not typing) opens it, Ctrl+Enter sends, Esc closes; the focus stays inside the
// overlay and returns to the button.
//
//   const support = supportAction({ context: () => ({customerKey, customerNumber, customerName, orderNumber}), flashTarget });
//   renderCustomerBar(bar, { ..., actions: [support?.button, refresh] });   ...   support?.dispose();

import { ApiError, isApiStatus } from "./api/http.js";
import * as supportRequests from "./api/support_requests.js";
import { h, isTyping, replace } from "./dom.js";
import { formatNumber } from "./format.js";
import { has, language, t } from "./i18n/index.js";
import {
  clearSupportDraft, loadSupportDraft, saveSupportDraft, supportDraftKey,
} from "./state/drafts.js";
import { currentAgent, hasFeature, isAdmin } from "./state/session.js";
import { fieldError } from "./widgets/form.js";
import { errorBox } from "./widgets/loading.js";

export const MAX_MESSAGE_LENGTH = 5000;
export const SETTINGS_HASH = "#/admin/settings";

/**
 * The length the server counts: line breaks as one character, NFC, without leading/trailing
 * blanks, in code points (an emoji is one character).
 */
export function messageLength(text) {
  return [...text.replace(/\r\n?/g, "\n").normalize("NFC").trim()].length;
}

// ---- the button, the key and the overlay

let openDialog = null;

function keyLegend() {
  const help = document.querySelector("#app-footer .key-help");
  if (!help || help.querySelector("[data-key='support']")) return null;
  const item = h("span", { class: "key", dataset: { key: "support" } }, h("kbd", null, "S"), " ", t("support.key"));
  help.append(item);
  return item;
}

/**
 * What the screen shows about the customer and the order, in the API's words (POST body "shown").
 * @param {Record<string, any>} ctx
 */
function shownContext(ctx) {
  const hasOrder = Boolean(ctx.orderNumber);
  return {
    customer_number: String(ctx.customerNumber || "").slice(0, 64),
    customer_name: String(ctx.customerName || "").slice(0, 200),
    customer_email: String(ctx.customerEmail || "").slice(0, 254),
    external_order_number: hasOrder ? String(ctx.externalOrderNumber || "").slice(0, 64) : "",
    order_date: hasOrder && ctx.orderDate ? ctx.orderDate : null,
    order_total: hasOrder && ctx.orderTotal ? String(ctx.orderTotal) : null,
    currency: hasOrder ? String(ctx.currency || "").slice(0, 3) : "",
    order_status: hasOrder ? String(ctx.orderStatus || "").slice(0, 10) : "",
  };
}

/**
 * The "Support-Anfrage" action: {button, open(), dispose()}, or null when the package has no
 * support mail. context() -> {customerKey, customerNumber, customerName, orderNumber|null} and, as
 * far as the screen shows them, customerEmail, externalOrderNumber, orderDate, orderTotal, currency,
 * orderStatus: sent along so that the request can go out while pixi cannot be asked (the server then
 * marks them in the mail as not verified against pixi).
 * flashTarget: where the confirmation after sending is shown (e.g. the view's notice area).
 */
export function supportAction({ context, flashTarget = null }) {
  if (!hasFeature("support_mail")) return null;

  const mark = h("span", { class: "support-draft-mark", hidden: true }, t("support.draftMark"));
  const button = h("button", {
    type: "button", class: "button-secondary support-button", title: t("support.buttonHint"),
    "aria-haspopup": "dialog", "aria-keyshortcuts": "S",
  }, h("span", { class: "support-icon", "aria-hidden": "true" }, "✉"), " ", t("support.button"), mark);

  const legend = keyLegend();

  function updateMark() {
    const ctx = context();
    mark.hidden = !(ctx && loadSupportDraft(supportDraftKey(ctx)));
  }

  function open() {
    const ctx = context();
    if (!ctx || openDialog) return;
    openOverlay(ctx, { opener: button, flashTarget, onClosed: updateMark });
  }

  function onKeyDown(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.key !== "s" && event.key !== "S") || isTyping(event.target)) return;
    if (document.querySelector("dialog[open]") || !button.isConnected) return;
    event.preventDefault();
    open();
  }

  button.addEventListener("click", open);
  document.addEventListener("keydown", onKeyDown);
  updateMark();

  return {
    button,
    open,
    dispose() {
      document.removeEventListener("keydown", onKeyDown);
      legend?.remove();
      if (openDialog?.opener === button) openDialog.close();
    },
  };
}

function showFlash(target, node) {
  if (!target?.isConnected) return;
  for (const old of target.querySelectorAll(":scope > .support-flash")) old.remove();
  const dismiss = h("button", { type: "button", class: "button-quiet flash-dismiss", "aria-label": t("support.dismiss") }, "×");
  const flash = h("div", { class: "support-flash" }, node, dismiss);
  dismiss.addEventListener("click", () => flash.remove());
  target.prepend(flash);
}

function focusables(root) {
  return [...root.querySelectorAll("a[href], button, textarea, input, select, [tabindex]:not([tabindex='-1'])")]
    .filter((el) => !el.disabled && !el.closest("[hidden]") && el.getClientRects().length > 0);
}

function missingList(missing) {
  return h("ul", { class: "setup-missing" },
    missing.map((item) => h("li", { dataset: { missing: item } },
      has(`support.missing.${item}`) ? t(`support.missing.${item}`) : item)));
}

function setupHelp(missing, closeOverlay) {
  return [
    h("p", null, t("support.setupIntro")),
    missingList(missing),
    isAdmin()
      ? h("p", null, h("a", { href: SETTINGS_HASH, class: "setup-link", onClick: () => closeOverlay() }, `${t("support.toSettings")} →`))
      : h("p", null, t("support.askAdmin")),
  ];
}

/**
 * Open the overlay for ctx. opener gets the focus back when it closes; flashTarget shows the
 * confirmation; onClosed() runs after it closed.
 */
export function openOverlay(ctx, { opener = null, flashTarget = null, onClosed = null } = {}) {
  const key = supportDraftKey(ctx);
  const agentEmail = currentAgent()?.email;
  let sending = false;
  let wasOver = false;

  const titleId = "support-title";
  const closeButton = h("button", { type: "button", class: "button-quiet dialog-close", "aria-label": t("support.close") }, "×");
  const about = h("dl", { class: "support-about", id: "support-about", "aria-label": t("support.about") },
    h("div", { class: "about-item" },
      h("dt", null, t("support.customer")),
      h("dd", { class: "about-customer" },
        h("span", { class: "mono about-number" }, ctx.customerNumber || String(ctx.customerKey)),
        ctx.customerName ? h("span", { class: "about-name" }, ctx.customerName) : null)),
    ctx.orderNumber ? h("div", { class: "about-item" },
      h("dt", null, t("support.order")),
      h("dd", { class: "about-order mono" }, String(ctx.orderNumber))) : null);
  const route = h("p", { class: "muted small support-route" },
    agentEmail ? t("support.route", { email: agentEmail }) : t("support.routeNoEmail"));
  const body = h("div", { class: "support-body" }, h("p", { class: "muted", role: "status" }, t("support.checking")));

  const dialog = h("dialog", {
    class: "support-dialog", "aria-labelledby": titleId, "aria-describedby": "support-about",
    dataset: { customerKey: String(ctx.customerKey), order: ctx.orderNumber ? String(ctx.orderNumber) : null },
  },
  h("div", { class: "support-head" }, h("h2", { id: titleId }, t("support.title")), closeButton),
  about, route, body);

  // ---- the form ----
  const textarea = h("textarea", {
    id: "support-message", name: "message", rows: "9", spellcheck: "true",
    placeholder: t("support.placeholder"), "aria-describedby": "support-counter support-keys",
  });
  const messageError = fieldError(textarea, { id: "support-field-message", live: true });
  const counter = h("span", { id: "support-counter", class: "support-counter" });
  const overLive = h("span", { class: "visually-hidden", "aria-live": "polite" });
  const keysHint = h("span", { id: "support-keys", class: "hint support-keys" }, t("support.keys"));
  const restored = h("p", { class: "hint support-restored", role: "status" });
  const errors = h("div", { class: "support-errors" });
  const sendLabel = h("span", null, t("support.send"));
  const send = h("button", { type: "submit", class: "button-primary support-send" }, sendLabel);
  const cancel = h("button", { type: "button", class: "button-quiet" }, t("support.cancel"));
  const form = h("form", { class: "support-form", novalidate: true },
    h("label", { for: "support-message", class: "support-label" }, t("support.label")),
    textarea,
    h("div", { class: "support-meta" }, counter, keysHint),
    overLive,
    restored,
    messageError.message,
    errors,
    h("div", { class: "dialog-actions" }, cancel, send));

  function updateCounter() {
    const n = messageLength(textarea.value);
    const over = n - MAX_MESSAGE_LENGTH;
    const params = { n: formatNumber(n), max: formatNumber(MAX_MESSAGE_LENGTH), over: formatNumber(over) };
    counter.textContent = over > 0 ? t("support.counterOver", params) : t("support.counter", params);
    counter.classList.toggle("is-over", over > 0);
    counter.classList.toggle("is-near", over <= 0 && n >= MAX_MESSAGE_LENGTH * 0.9);
    if (over > 0 && !wasOver) overLive.textContent = t("support.overAnnounce", params);
    if (over <= 0 && wasOver) overLive.textContent = "";
    wasOver = over > 0;
  }

  const setFieldMessage = messageError.setError;

  function setBusy(on) {
    sending = on;
    dialog.setAttribute("aria-busy", String(on));
    send.setAttribute("aria-disabled", String(on));
    textarea.readOnly = on;
    sendLabel.textContent = on ? t("support.sending") : t("support.send");
    send.classList.toggle("is-busy", on);
  }

  textarea.addEventListener("input", () => {
    saveSupportDraft(key, textarea.value);
    updateCounter();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  cancel.addEventListener("click", () => close());

  async function submit() {
    if (sending) return;
    errors.replaceChildren();
    const n = messageLength(textarea.value);
    if (n === 0) {
      setFieldMessage(t("support.empty"));
      textarea.focus();
      return;
    }
    if (n > MAX_MESSAGE_LENGTH) {
      setFieldMessage(t("support.tooLong", { max: formatNumber(MAX_MESSAGE_LENGTH) }));
      textarea.focus();
      return;
    }
    const text = textarea.value;
    saveSupportDraft(key, text);
    setBusy(true);
    try {
      const sent = await supportRequests.send({
        customer_key: Number(ctx.customerKey),
        order_number: ctx.orderNumber ? Number(ctx.orderNumber) : null,
        message: text,
        language: language(),
        shown: shownContext(ctx),
      });
      clearSupportDraft(key);
      const confirmation = h("div", { class: "notice notice-success", role: "status" },
        h("p", { class: "flash-title" }, h("span", { "aria-hidden": "true" }, "✓ "), t("support.sent", { to: sent?.to || "" })),
        sent?.subject ? h("p", { class: "muted small" }, t("support.sentSubject", { subject: sent.subject })) : null,
        sent?.verified === false ? h("p", { class: "small support-unverified" }, t("support.sentUnverified")) : null);
      close({ sent: true });
      showFlash(flashTarget, confirmation);
    } catch (err) {
      setBusy(false);
      if (isApiStatus(err, 401)) return; // the shell signs out; the draft is kept
      if (!dialog.open) {
        // Closed while sending: say so beside the bar and offer to open the overlay again.
        const again = h("button", { type: "button", class: "button-secondary" }, t("support.reopen"));
        again.addEventListener("click", () => {
          again.closest(".support-flash")?.remove();
          openOverlay(ctx, { opener, flashTarget, onClosed });
        });
        showFlash(flashTarget, h("div", { class: "error-box", role: "alert" },
          h("p", null, t("support.sentLate", { message: err.message || "" })), again));
        return;
      }
      showError(err);
    }
  }

  function showError(err) {
    if (err instanceof ApiError && err.status === 400 && err.fields?.message) {
      setFieldMessage(err.fields.message);
      textarea.focus();
      return;
    }
    if (err instanceof ApiError && err.code === "setup_required") {
      const missing = Object.keys(err.fields || {});
      replace(errors, h("div", { class: "error-box setup-error", role: "alert" },
        h("p", { class: "error-title" }, t("support.failed"), " ", t("support.setupTitle")),
        missing.length ? setupHelp(missing, close) : h("p", { class: "error-message" }, err.message),
        h("p", { class: "small" }, t("support.kept"))));
    } else {
      replace(errors, errorBox({
        title: t("support.failed"),
        err,
        extra: h("span", { class: "small" }, t("support.kept")),
      }));
    }
    // The agent hears the error (role=alert) and stays in the text to try again.
    textarea.focus();
  }

  function showForm() {
    const draft = loadSupportDraft(key);
    if (draft && !textarea.value) {
      textarea.value = draft.text;
      restored.textContent = t("support.draftRestored", {
        time: new Date(draft.at).toLocaleTimeString(language() === "de" ? "de-DE" : "en-GB", { hour: "2-digit", minute: "2-digit" }),
      });
    }
    updateCounter();
    replace(body, form);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  function showSetup(state) {
    const closeAction = h("button", { type: "button", class: "button-primary" }, t("support.close"));
    closeAction.addEventListener("click", () => close());
    replace(body,
      h("div", { class: "notice notice-warning setup-needed", role: "note" },
        h("p", { class: "setup-title" }, t("support.setupTitle")),
        setupHelp(state.missing || [], close),
        loadSupportDraft(key) ? h("p", { class: "small" }, t("support.draftKept")) : null),
      h("div", { class: "dialog-actions" }, closeAction));
    (/** @type {HTMLElement | null} */ (body.querySelector(".setup-link")) || closeAction).focus();
  }

  // ---- open, trap, close ----
  function close({ sent = false } = {}) {
    if (!dialog.open) return;
    if (!sent && textarea.value.trim()) saveSupportDraft(key, textarea.value);
    dialog.close();
  }

  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      // Esc closes only the overlay (the shell's Esc = back must not fire).
      event.preventDefault();
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== "Tab") return;
    const items = focusables(dialog);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    close();
  });
  closeButton.addEventListener("click", () => close());
  // A click on the backdrop does not close it: a half-written question must not vanish by a slip.
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (openDialog?.dialog === dialog) openDialog = null;
    if (opener?.isConnected) opener.focus();
    onClosed?.();
  });

  document.body.append(dialog);
  dialog.showModal();
  openDialog = { dialog, opener, close: () => close() };

  // A draft means the agent already wrote: show the form at once; the setup check decides otherwise.
  const draft = loadSupportDraft(key);
  if (draft) showForm();
  else closeButton.focus();
  // Asked each time the overlay opens (an admin may just have set it up). A failure shows the
  // form: sending says what is wrong.
  supportRequests.readiness().catch(() => null).then((state) => {
    if (!dialog.open) return;
    if (state && state.ready === false && !sending) showSetup(state);
    else if (!body.contains(form)) showForm();
  });
  return dialog;
}
