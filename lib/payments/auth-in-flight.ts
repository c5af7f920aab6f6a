// Payments whose AUTH this process is asking for right now, by payer. A second click that finds such a payment
// without its token waits for that request to finish (a promise, not a poll of the database) and then looks again:
// the token is there, or the attempt failed and a new one may start. A payment another instance is authorising is
// not awaited here: that click is told at once that the payment is being started elsewhere.
const inFlight = new Map<string, Set<Promise<unknown>>>();

/** Runs `work` (recording a payment and asking AUTH for it) as this payer's start in flight. */
export async function asStartInFlight<T>(payerId: string, work: () => Promise<T>): Promise<T> {
  const running = work();
  const mine = inFlight.get(payerId) ?? new Set<Promise<unknown>>();
  inFlight.set(payerId, mine);
  mine.add(running);
  try {
    return await running;
  } finally {
    mine.delete(running);
    if (!mine.size) inFlight.delete(payerId);
  }
}

/** Resolves when every start this payer has in flight in this process has ended; false when there is none. */
export async function startsInFlightEnded(payerId: string): Promise<boolean> {
  const running = inFlight.get(payerId);
  if (!running?.size) return false;
  await Promise.allSettled([...running]);
  return true;
}
