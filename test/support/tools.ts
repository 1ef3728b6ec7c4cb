/**
 * The real Prometheus tools the tests run. Found on PATH, installed from Debian's
 * packages when the tests run as root on Debian, or else a loud failure that names the
 * command to run: a missing tool never skips a test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  amtool: 'prometheus-alertmanager',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  'prometheus-blackbox-exporter': 'prometheus-blackbox-exporter',
  vmalert: 'victoria-metrics',
} as const;
export type Tool = keyof typeof PACKAGES;

export function findTool(tool: Tool): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export function ensureTools(tools: readonly Tool[]): void {
  const missing = tools.filter((tool) => !findTool(tool));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((tool) => PACKAGES[tool]))];
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/etc/debian_version');
  if (!canInstall) {
    throw new Error(`${missing.join(', ')} not found on PATH. Install it and run the tests again:\n  sudo ${command}`);
  }
  process.stderr.write(`${missing.join(', ')} not found; installing Debian's ${packages.join(', ')}: ${command}\n`);
  execFileSync('sh', ['-c', command], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const stillMissing = tools.filter((tool) => !findTool(tool));
  if (stillMissing.length) throw new Error(`${stillMissing.join(', ')} still not on PATH after \`${command}\``);
}
