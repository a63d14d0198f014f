// One address of the order form (billing or shipping): the fields, an optional choice among the
// customer's known addresses, and a commit when the agent leaves the block after a change (the
// cart then recomputes shipping for the destination, C4). Typed values go to the order draft first.

import { h } from "../../dom.js";
import { t } from "../../i18n/index.js";
import { field, select } from "../../widgets/form.js";
import { addressLines, customerName } from "../../words/customers.js";

/** @typedef {import("../../api/carts.js").Address} Address */
/** @typedef {import("../../state/order_drafts.js").OrderDraft} OrderDraft */

export const ADDRESS_FIELDS = ["salutation", "first_name", "last_name", "company", "street", "zip_code", "city", "country"];

/** @param {Address | null | undefined} a */
function sameAddress(a, b) {
  return ADDRESS_FIELDS.every((name) => (a?.[name] || "") === (b?.[name] || ""));
}

/**
 * @param {{id: string, legend: string, draft: OrderDraft, countries: {iso2: string, name: string}[],
 *   known?: Address[], extra?: Node | null, onCommit?: (address: Address) => Promise<boolean> | void}} options
 */
export function addressForm({ id, legend, draft, countries, known = [], extra = null, onCommit }) {
  const section = id;
  /** @type {Record<string, HTMLInputElement | HTMLSelectElement>} */
  const inputs = {};
  /** @type {Record<string, import("../../widgets/form.js").Field>} */
  const fields = {};
  for (const name of ADDRESS_FIELDS) {
    const input = name === "country"
      ? select({ name, id: `${id}-country` }, countries.map((c) => [c.iso2, c.name]), "DE")
      : h("input", { name, id: `${id}-${name.replace("_", "-")}`, type: "text", autocomplete: "off" });
    inputs[name] = input;
    fields[name] = field({ label: t(`address.field.${name}`), input, className: `field-${name}` });
  }
  let keyOfChosen = null;
  let committed = null;

  const chooser = known.length ? select({ id: `${id}-known`, name: "known" },
    [["", t("address.enterNew")], ...known.map((a, i) => /** @type {[string, string]} */ (
      [String(i), [customerName(a), ...addressLines(a)].filter(Boolean).join(", ")]))], "")
    : null;
  const chooserField = chooser ? field({ label: t("address.choose"), input: chooser, className: "field-known" }) : null;

  const root = h("fieldset", { class: "address-form", id },
    h("legend", null, legend),
    extra,
    chooserField?.root,
    h("div", { class: "address-grid" }, ADDRESS_FIELDS.map((name) => fields[name].root)));

  /** @returns {Address} */
  function value() {
    const address = { address_key: keyOfChosen };
    for (const name of ADDRESS_FIELDS) address[name] = inputs[name].value.trim();
    return /** @type {Address} */ (address);
  }

  /** Fill from the cart; what the agent typed and the cart has not taken yet wins. */
  function fill(address, { force = false } = {}) {
    const typed = force ? {} : draft.section(section);
    for (const name of ADDRESS_FIELDS) {
      if (typed[name] !== undefined) inputs[name].value = typed[name];
      else if (document.activeElement !== inputs[name] || force) inputs[name].value = address?.[name] || (name === "country" ? "DE" : "");
    }
    // Typed changes make it a new address, whatever the cart had.
    keyOfChosen = Object.keys(typed).length ? null : address?.address_key ?? null;
    committed = address ? { ...address } : null;
    if (chooser) {
      const at = known.findIndex((k) => k.address_key !== null && k.address_key === address?.address_key && sameAddress(k, address));
      chooser.value = at === -1 ? "" : String(at);
    }
  }

  // onCommit answers false when the cart refused it: leaving the block again sends it again.
  function commit() {
    const address = value();
    if (sameAddress(address, committed)) return;
    const before = committed;
    committed = address;
    Promise.resolve(onCommit?.(address)).then((ok) => {
      if (ok === false && committed === address) committed = before;
    });
  }

  for (const name of ADDRESS_FIELDS) {
    const input = inputs[name];
    input.addEventListener("input", () => {
      keyOfChosen = null; // an edited known address is a new one
      draft.set(section, name, input.value);
    });
    input.addEventListener("change", () => draft.set(section, name, input.value));
  }
  root.addEventListener("focusout", (event) => {
    const next = event.relatedTarget;
    if (next instanceof Node && root.contains(next)) return;
    commit();
  });
  chooser?.addEventListener("change", () => {
    const chosen = chooser.value === "" ? null : known[Number(chooser.value)];
    if (!chosen) return;
    draft.clearSection(section);
    fill(chosen, { force: true });
    committed = null;
    keyOfChosen = chosen.address_key ?? null;
    commit();
  });

  return {
    root,
    fields,
    value,
    fill,
    /** Put another address's values in (e.g. billing copied to shipping) and commit it. */
    copyFrom(address) {
      for (const name of ADDRESS_FIELDS) {
        inputs[name].value = address[name] || "";
        draft.set(section, name, inputs[name].value);
      }
      keyOfChosen = address.address_key ?? null;
      commit();
    },
    /** The cart took it: nothing of it is pending any more. */
    taken() { draft.clearSection(section); },
    focus() { (chooser || inputs.first_name).focus(); },
  };
}
