/**
 * Polls `check` (sync or async) every `everyMs` until it passes, and returns what it
 * returns; after `seconds`, its last failure is the caller's. For conditions on real
 * servers, which hold after an unknown number of scrapes and evaluations.
 */
export async function eventually<T>(check: () => T | Promise<T>, seconds: number, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
