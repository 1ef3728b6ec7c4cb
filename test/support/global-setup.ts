import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureTools } from './tools.ts';

const REPO = resolve(import.meta.dirname, '../..');

/**
 * Runs once before any test file: the tests use the real Prometheus, Alertmanager, blackbox
 * exporter and VictoriaMetrics' vmalert, and the CLI tests run bin/sloforge.js, which runs
 * dist/: an incremental build makes it current (about 2 s when nothing changed).
 */
export default function setup(): void {
  execFileSync(process.execPath, [resolve(REPO, 'node_modules/typescript/bin/tsc'), '-p', resolve(REPO, 'tsconfig.build.json')], { cwd: REPO, stdio: 'inherit' });
  ensureTools(['promtool', 'prometheus', 'amtool', 'prometheus-alertmanager', 'prometheus-blackbox-exporter', 'vmalert']);
}
