// Cart and product words: stock as a number or an indicator, the price basis.

import { t } from "../i18n/index.js";

/**
 * "12 verfügbar", or only "verfügbar" / "wenige" / "nicht vorrätig" when the configuration shows the indicator.
 * @param {{available: number | null, level: "available" | "few" | "none"}} stock
 */
export function stockText(stock) {
  if (stock.available !== null && stock.available !== undefined) return t("stock.count", { n: stock.available });
  return t(`stock.${stock.level}`);
}

/**
 * "brutto" / "netto": private customers see gross prices, business customers net ones.
 * @param {"gross" | "net"} basis
 */
export function priceBasisText(basis) {
  return t(basis === "net" ? "cart.net" : "cart.gross");
}
