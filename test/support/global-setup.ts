import { ensureTools } from './tools.ts';

/** Runs once before any test file: the promtool tests need the real promtool. */
export default function setup(): void {
  ensureTools(['promtool']);
}
