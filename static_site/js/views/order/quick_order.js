// C2 quick order: a grid of rows "item number or EAN", Tab, quantity, Enter -> the line goes into
// the cart and the cursor is in the next row. Several lines pasted at once (`ID<sep>quantity`, e.g.
// from a spreadsheet) go in with one request; every unknown id stays in its own row, marked with the
// reason, so nothing is lost. Marked rows are kept in the order draft until they are fixed.

import { h } from "../../dom.js";
import { t } from "../../i18n/index.js";
import { infoTip } from "../../widgets/info_tip.js";
import { asApiError } from "../../widgets/loading.js";

/** @typedef {import("../../api/carts.js").PasteAnswer} PasteAnswer */
/** @typedef {{id: string, qty: string, reason?: string}} GridRow */

const SECTION = "quick";

/** "4711;3" / "4711\t3" / "4711 3" -> {id: "4711", qty: "3"} (the server parses the real thing). */
export function splitLine(text) {
  const m = /^\s*(\S+?)\s*(?:[\t;,|]\s*|\s+)(\S*)\s*$/.exec(text);
  return m ? { id: m[1], qty: m[2] } : { id: text.trim(), qty: "" };
}

/**
 * @param {{draft: import("../../state/order_drafts.js").OrderDraft,
 *   paste: (text: string) => Promise<PasteAnswer>}} options
 */
export function quickOrder({ draft, paste }) {
  const body = h("tbody");
  const note = h("p", { class: "quick-note", id: "quick-note", role: "status", "aria-live": "polite" });
  let counter = 0;

  function rows() {
    return [...body.querySelectorAll("tr")].map((tr) => ({
      tr,
      id: /** @type {HTMLInputElement} */ (tr.querySelector(".qo-id")),
      qty: /** @type {HTMLInputElement} */ (tr.querySelector(".qo-qty")),
      reason: /** @type {HTMLElement} */ (tr.querySelector(".qo-reason")),
    }));
  }

  function remember() {
    const kept = rows().filter((r) => r.tr.classList.contains("is-unknown") || r.id.value.trim())
      .map((r) => ({ id: r.id.value, qty: r.qty.value, reason: r.reason.textContent || "" }));
    draft.set(SECTION, "rows", kept.length ? JSON.stringify(kept) : "");
  }

  /** @param {GridRow} [values] */
  function addRow(values = { id: "", qty: "" }) {
    counter += 1;
    const id = h("input", { type: "text", class: "qo-id", id: `qo-id-${counter}`, autocomplete: "off", spellcheck: "false",
      "aria-label": t("quick.id"), value: values.id });
    const qty = h("input", { type: "text", class: "qo-qty", id: `qo-qty-${counter}`, inputmode: "numeric", autocomplete: "off",
      "aria-label": t("quick.qty"), placeholder: "1", value: values.qty });
    const reason = h("span", { class: "qo-reason", id: `qo-reason-${counter}` }, values.reason || "");
    id.setAttribute("aria-describedby", reason.id);
    const tr = h("tr", null, h("td", null, id), h("td", null, qty), h("td", { class: "qo-status" }, reason));
    mark(tr, values.reason || "");
    for (const input of [id, qty]) {
      input.addEventListener("input", remember);
      input.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        send(tr);
      });
    }
    id.addEventListener("paste", (event) => {
      const text = event.clipboardData?.getData("text") || "";
      if (!/[\n\r]/.test(text.trim()) && !/[\t;,|]/.test(text)) return; // one plain id: paste as usual
      event.preventDefault();
      sendText(text, tr);
    });
    body.append(tr);
    return tr;
  }

  /** @param {HTMLElement} tr @param {string} reason */
  function mark(tr, reason) {
    tr.classList.toggle("is-unknown", Boolean(reason));
    const id = tr.querySelector(".qo-id");
    if (reason) id?.setAttribute("aria-invalid", "true");
    else id?.removeAttribute("aria-invalid");
    const span = tr.querySelector(".qo-reason");
    if (span) span.textContent = reason;
  }

  /** The empty row at the end (made when there is none) */
  function entryRow() {
    const all = rows();
    const last = all[all.length - 1];
    if (last && !last.id.value.trim() && !last.tr.classList.contains("is-unknown")) return last.tr;
    return addRow();
  }

  /** @param {HTMLElement} tr */
  function focusIdOf(tr) {
    /** @type {HTMLInputElement | null} */ (tr.querySelector(".qo-id"))?.focus();
  }

  /** @param {HTMLElement} tr */
  async function send(tr) {
    const id = /** @type {HTMLInputElement} */ (tr.querySelector(".qo-id"));
    const qty = /** @type {HTMLInputElement} */ (tr.querySelector(".qo-qty"));
    if (!id.value.trim()) return;
    const quantity = qty.value.trim() || "1";
    if (!/^[1-9]\d{0,5}$/.test(quantity)) {
      mark(tr, t("quick.badQty"));
      qty.focus();
      return;
    }
    await sendText(`${id.value.trim()}\t${quantity}`, tr);
  }

  /**
   * Send the text of one row or of a paste; the row it came from is replaced by the rows of problems.
   * @param {string} text
   * @param {HTMLElement} from
   */
  async function sendText(text, from) {
    note.textContent = t("quick.sending");
    from.setAttribute("aria-busy", "true");
    /** @type {PasteAnswer} */
    let answer;
    try {
      answer = await paste(text);
    } catch (err) {
      from.removeAttribute("aria-busy");
      note.textContent = asApiError(err).message;
      mark(from, asApiError(err).message);
      remember();
      return;
    }
    const lines = text.split(/\r?\n/).filter((line) => line.trim());
    const problems = answer.problems || [];
    for (const problem of problems) {
      const { id, qty } = splitLine(problem.text);
      body.insertBefore(addRow({ id, qty, reason: problem.reason }), from);
    }
    from.remove();
    const added = lines.length - problems.length;
    note.textContent = problems.length
      ? t("quick.addedWithProblems", { n: added, m: problems.length })
      : t("quick.added", { n: added });
    remember();
    const firstProblem = problems.length ? rows().find((r) => r.tr.classList.contains("is-unknown")) : null;
    focusIdOf(firstProblem && lines.length > 1 ? firstProblem.tr : entryRow());
  }

  const stored = draft.section(SECTION).rows;
  if (stored) {
    try {
      for (const values of /** @type {GridRow[]} */ (JSON.parse(stored))) addRow(values);
    } catch {
      /* unreadable draft: start with an empty grid */
    }
  }
  entryRow();

  const root = h("section", { class: "order-panel quick-order", "aria-labelledby": "quick-title" },
    h("div", { class: "section-head" }, h("h2", { id: "quick-title" }, t("quick.title")), infoTip(t("quick.title"), t("quick.info"))),
    h("p", { class: "muted small" }, t("quick.intro")),
    h("table", { class: "data-table quick-table", id: "quick-order" },
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, t("quick.id")), h("th", { scope: "col" }, t("quick.qty")), h("th", { scope: "col" }, t("quick.status")))),
      body),
    note);
  return { root, focus: () => focusIdOf(entryRow()) };
}
