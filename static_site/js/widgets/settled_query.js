// Ask the API only once typing has settled: one request per settled query (the same query again is
// not asked again), the request before is aborted, and an older answer never overwrites a newer
// one (each answer is checked against a sequence number). The product typeahead (O2) and the
// duplicate check of the order form (O1) use it.
//
//   const products = settledQuery({ delayMs: 250, fetch: (q, signal) => api.search({q}, {signal}),
//     onAnswer: (answer) => show(answer), onError: (err) => note.error(err) });
//   input.addEventListener("input", () => products.ask(input.value.trim()));

export const SETTLE_MS = 250;

/**
 * @template Q, R
 * @typedef {object} SettledQueryOptions
 * @property {(query: Q, signal: AbortSignal) => Promise<R>} fetch
 * @property {(answer: R, query: Q) => void} onAnswer  only for the newest query
 * @property {(error: unknown, query: Q) => void} onError  only for the newest query; aborts are not errors
 * @property {(query: Q) => void} [onPending]  the settled query is being asked
 * @property {(query: Q) => string} [keyOf]  what makes two queries the same (default String(query))
 * @property {number} [delayMs]
 */
/**
 * @template Q
 * @typedef {object} SettledQuery
 * @property {(query: Q) => void} ask  ask once typing has settled
 * @property {() => void} cancel  drop the pending query, abort the request in flight (the next ask is sent again)
 */

/**
 * @template Q, R
 * @param {SettledQueryOptions<Q, R>} options
 * @returns {SettledQuery<Q>}
 */
export function settledQuery({ fetch, onAnswer, onError, onPending, keyOf = String, delayMs = SETTLE_MS }) {
  let seq = 0;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  /** @type {AbortController | null} */
  let inFlight = null;
  /** @type {string | null} the query whose answer is shown or asked for */
  let asked = null;

  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  /** @param {Q} query */
  async function send(query) {
    const key = keyOf(query);
    if (key === asked) return;
    asked = key;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const mine = ++seq;
    onPending?.(query);
    try {
      const answer = await fetch(query, controller.signal);
      if (mine === seq) onAnswer(answer, query);
    } catch (err) {
      if (mine !== seq || controller.signal.aborted) return;
      asked = null; // a failed query may be asked again
      onError(err, query);
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  /** @type {SettledQuery<Q>["cancel"]} */
  function cancel() {
    stopTimer();
    seq += 1;
    inFlight?.abort();
    inFlight = null;
    asked = null;
  }

  return {
    ask(query) {
      stopTimer();
      timer = setTimeout(() => {
        timer = null;
        send(query);
      }, delayMs);
    },
    cancel,
  };
}
