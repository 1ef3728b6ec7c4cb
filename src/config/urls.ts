/**
 * URLs and host:port addresses read the way Go's net/url and Prometheus read them, by the
 * WHATWG URL parser: what it cannot parse (a port above 65535, a bad host) is refused here,
 * not by promtool or amtool later, and credentials in one are refused everywhere, since
 * every URL sloforge writes lands in a file people commit and share.
 */
import type { DiagnosticList, Path } from './diagnostics.ts';

/** `fix`: how to give this URL's secret another way, for fields that have one. */
export function checkUrl(text: string, path: Path, problems: DiagnosticList, fix?: string): void {
  const url = URL.parse(text);
  if (!url) return problems.add(path, `is not a URL sloforge can read (check the host and a port from 1 to 65535), got ${JSON.stringify(text)}`);
  if (url.username !== '' || url.password !== '') {
    problems.add(path, `holds credentials (user:password@); sloforge writes URLs into files that are committed and shared${fix ? `: ${fix}` : ''}`);
  }
}

/** A URL that may be a template (a runbook link): only credentials are refused, the rest is Alertmanager's to fill in. */
export function checkCredentials(text: string, path: Path, problems: DiagnosticList): void {
  const url = URL.parse(text);
  if (url && (url.username !== '' || url.password !== '')) problems.add(path, 'holds credentials (user:password@); sloforge writes URLs into files that are committed and shared');
}

/** A `host:port` address (a scrape target, an Alertmanager, a prober, a smarthost). */
export function checkAddress(text: string, path: Path, problems: DiagnosticList): void {
  if (text.includes('@')) return problems.add(path, 'holds credentials (user:password@); an address is host:port only, and secrets go in files');
  const url = URL.parse(`http://${text}`);
  const port = Number(text.slice(text.lastIndexOf(':') + 1));
  if (!url || !(port >= 1 && port <= 65535)) problems.add(path, `must be an address "host:port" with a port from 1 to 65535, got ${JSON.stringify(text)}`);
}
