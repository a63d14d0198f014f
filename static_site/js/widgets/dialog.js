// A modal confirmation (Esc closes it without firing the shell's Esc = back; focus goes back).
//
//   if (!(await confirmDialog({ title, text, confirmLabel, danger: true }))) return;

import { h } from "../dom.js";
import { t } from "../i18n/index.js";
import { uid } from "./form.js";

/**
 * Resolves true on confirm, false on cancel or Esc. The cancel button has the focus for
 * destructive actions; focus returns to where it was.
 * @param {{title: string, text: string, confirmLabel: string, danger?: boolean}} options
 * @returns {Promise<boolean>}
 */
export function confirmDialog({ title, text, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const titleId = uid("dlg-title");
    const textId = uid("dlg-text");
    const cancel = h("button", { type: "button", class: "button-secondary", value: "cancel" }, t("ui.cancel"));
    const ok = h("button", { type: "button", class: danger ? "button-danger" : "button-primary", value: "ok" }, confirmLabel);
    const dialog = h("dialog", { class: "confirm-dialog", "aria-labelledby": titleId, "aria-describedby": textId },
      h("h2", { id: titleId }, title),
      h("p", { id: textId }, text),
      h("div", { class: "dialog-actions" }, cancel, ok));
    let answer = false;
    cancel.addEventListener("click", () => dialog.close());
    ok.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener("keydown", (event) => {
      // Esc closes only the dialog (the shell's Esc = back must not fire).
      if (event.key === "Escape") event.stopPropagation();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (before instanceof HTMLElement && before.isConnected) before.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    (danger ? cancel : ok).focus();
  });
}
