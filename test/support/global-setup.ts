import { ensureTools } from './tools.ts';

/** Runs once before any test file: the tests use the real Prometheus, Alertmanager, blackbox exporter and VictoriaMetrics' vmalert. */
export default function setup(): void {
  ensureTools(['promtool', 'prometheus', 'amtool', 'prometheus-alertmanager', 'prometheus-blackbox-exporter', 'vmalert']);
}
