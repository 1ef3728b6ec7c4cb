import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureTools } from './tools.ts';

const REPO = resolve(import.meta.dirname, '../..');

/**
 * Runs once before any test file: the tests use the real Prometheus, Alertmanager, blackbox
 * exporter and VictoriaMetrics' vmalert, and the CLI tests run bin/sloforge.js, which runs
 * dist/'s bundle: `npm run build` makes both current (about 3 s when nothing changed).
 */
export default function setup(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: 'inherit' });
  ensureTools(['promtool', 'prometheus', 'amtool', 'prometheus-alertmanager', 'prometheus-blackbox-exporter', 'vmalert']);
}
