// The cart the agent works on: its changes run one after the other (each needs the version the one
// before answered), every answer replaces the whole cart (the server recomputed it), and a
// version conflict (409 cart_version_conflict: someone else changed it) reloads the cart and
// reports the message. Nothing typed in the form is touched here.

import * as carts from "../api/carts.js";
import { ApiError } from "../api/http.js";

/** @typedef {import("../api/carts.js").Cart} Cart */
/** @typedef {import("../api/carts.js").PasteAnswer} PasteAnswer */

export const VERSION_CONFLICT = "cart_version_conflict";

/**
 * @typedef {object} CartSessionOptions
 * @property {(cart: Cart) => void} onCart  after every answer (and after the reload of a conflict)
 * @property {(error: ApiError) => void} onConflict  the cart was changed elsewhere and is reloaded
 */
/**
 * @typedef {object} CartSession
 * @property {() => Cart} cart
 * @property {(send: (cartId: string, version: number) => Promise<Cart>) => Promise<Cart>} change
 * @property {(text: string) => Promise<PasteAnswer>} paste
 * @property {() => Promise<Cart>} reload
 */

/**
 * @param {Cart} initial
 * @param {CartSessionOptions} options
 * @returns {CartSession}
 */
export function cartSession(initial, { onCart, onConflict }) {
  let current = initial;
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve();

  /** @param {Cart} cart */
  const take = (cart) => {
    current = cart;
    onCart(cart);
    return cart;
  };

  async function reload() {
    return take(await carts.get(current.cart_id));
  }

  /**
   * @template T
   * @param {(cartId: string, version: number) => Promise<T>} send
   * @param {(answer: T) => Cart} cartOf
   * @returns {Promise<T>}
   */
  function enqueue(send, cartOf) {
    const run = queue.then(async () => {
      try {
        const answer = await send(current.cart_id, current.version);
        take(cartOf(answer));
        return answer;
      } catch (err) {
        if (err instanceof ApiError && err.code === VERSION_CONFLICT) {
          await reload().catch(() => undefined);
          onConflict(err);
        }
        throw err;
      }
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    cart: () => current,
    change: (send) => enqueue(send, (cart) => cart),
    paste: (text) => enqueue((cartId, version) => carts.paste(cartId, version, text), (answer) => answer.cart),
    reload: () => {
      const run = queue.then(reload);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
