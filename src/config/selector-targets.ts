/**
 * Selectors checked against the scrape jobs and probe endpoints the config itself
 * defines. A `job` or `endpoint` that matches nothing leaves an SLI without data: its
 * alerts never fire, or its no-data alert pages for a typo. A job the config does not
 * define may be scraped elsewhere, so only one that looks like one of the config's own
 * (a slip of one or two letters, or a near spelling with the same service or first word)
 * is an error.
 */
import type { SloforgeConfig } from './types.ts';
import type { DiagnosticList, Path } from './diagnostics.ts';
import { closestMatch, editDistance } from './suggest.ts';
import { selectorsIn } from './promql.ts';
import { PROBE_ENDPOINT_LABEL, RAW_WINDOW_PLACEHOLDER } from '../model/conventions.ts';
import type { LabelMatcher, Selector, Service } from '../model/slo.ts';

interface OwnJob {
  readonly job: string;
  readonly service: string;
  /** The probe endpoints' names, for the probe job; undefined for the metrics job. */
  readonly endpoints?: readonly string[];
}

/** `services` are the model's, in the config's order. */
export function checkSelectorTargets(config: SloforgeConfig, services: readonly Service[], problems: DiagnosticList): void {
  const jobs: OwnJob[] = services.flatMap((service) => [
    ...(service.scrape ? [{ job: service.scrape.job, service: service.name }] : []),
    ...(service.probes ? [{ job: service.probes.job, service: service.name, endpoints: service.probes.endpoints.map((e) => e.name) }] : []),
  ]);
  if (jobs.length === 0) return;
  for (const [expression, at] of selectorTexts(config)) {
    for (const selector of selectorsIn(expression)) checkSelector(selector, jobs, at, problems);
  }
}

/** Every selector and expression of the config that reads series, with its path. */
function* selectorTexts(config: SloforgeConfig): Generator<[string, Path]> {
  for (const [s, service] of config.services.entries()) {
    for (const [i, slo] of service.slos.entries()) {
      const at = ['services', s, 'slos', i, 'sli'];
      const sli = slo.sli;
      if ('ratio' in sli) {
        for (const field of ['errors', 'good', 'total'] as const) if (sli.ratio[field] !== undefined) yield [sli.ratio[field], [...at, 'ratio', field]];
      } else if ('latency' in sli) yield [sli.latency.histogram, [...at, 'latency', 'histogram']];
      else if ('uptime' in sli) yield [sli.uptime.gauge, [...at, 'uptime', 'gauge']];
      else yield [sli.raw.errorRatio.replaceAll(RAW_WINDOW_PLACEHOLDER, '5m'), [...at, 'raw', 'errorRatio']];
    }
    for (const [a, alert] of (service.alerts ?? []).entries()) {
      const at = ['services', s, 'alerts', a];
      if ('errorRate' in alert) {
        yield [alert.errorRate.errors, [...at, 'errorRate', 'errors']];
        yield [alert.errorRate.total, [...at, 'errorRate', 'total']];
      } else if ('latency' in alert) yield [alert.latency.histogram, [...at, 'latency', 'histogram']];
      else if ('saturation' in alert) {
        yield [alert.saturation.used, [...at, 'saturation', 'used']];
        if (typeof alert.saturation.capacity === 'string') yield [alert.saturation.capacity, [...at, 'saturation', 'capacity']];
      } else if ('expr' in alert) yield [alert.expr, [...at, 'expr']];
    }
  }
}

function checkSelector(selector: Selector, jobs: readonly OwnJob[], at: Path, problems: DiagnosticList): void {
  const named = matched(selector.matchers, 'job');
  for (const job of named ?? []) {
    if (jobs.some((own) => own.job === job)) continue;
    const like = lookalike(job, jobs);
    if (like) problems.add(at, `names job "${job}", which is no job of this config; did you mean "${like.job}", ${jobKind(like)}?`);
  }
  const exact = selector.matchers.find((m) => m.name === 'job' && m.op === '=');
  const own = jobs.find((j) => j.job === exact?.value);
  // Probe results come only from the probe job, never from the service's metrics job.
  if (own && !own.endpoints && selector.metric.startsWith('probe_')) {
    const probes = jobs.find((j) => j.service === own.service && j.endpoints);
    if (probes) problems.add(at, `reads ${selector.metric} from job "${own.job}", the metrics job of service ${own.service}; probe results come from its probe job "${probes.job}"`);
  }
  const endpoints = matched(selector.matchers, PROBE_ENDPOINT_LABEL);
  if (!endpoints) return;
  if (own?.endpoints) {
    for (const endpoint of endpoints.filter((e) => !own.endpoints!.includes(e))) {
      const hint = closestMatch(endpoint, own.endpoints);
      problems.add(at, `names endpoint "${endpoint}", which job "${own.job}" does not probe (it probes ${own.endpoints.map((e) => `"${e}"`).join(', ')})${hint ? `; did you mean "${hint}"?` : ''}`);
    }
  } else if (!named && selector.metric.startsWith('probe_')) {
    // No job named: an endpoint that is none of the config's, but spelt like one of them.
    const all = [...new Set(jobs.flatMap((j) => j.endpoints ?? []))];
    for (const endpoint of endpoints.filter((e) => !all.includes(e))) {
      const hint = closestMatch(endpoint, all);
      if (hint) problems.add(at, `names endpoint "${endpoint}", which no probe of this config has; did you mean "${hint}"?`);
    }
  }
}

/**
 * The values a label's `=` or `=~` matchers name: the value, or each alternative of a
 * regex made only of literal alternatives (`a|b`); undefined where there is no such matcher.
 */
function matched(matchers: readonly LabelMatcher[], label: string): string[] | undefined {
  const values: string[] = [];
  let any = false;
  for (const matcher of matchers.filter((m) => m.name === label)) {
    if (matcher.op === '=') values.push(matcher.value);
    else if (matcher.op === '=~' && /^([\w:-]|\\\.)+(\|([\w:-]|\\\.)+)*$/.test(matcher.value)) values.push(...matcher.value.replaceAll('\\.', '.').split('|'));
    else continue;
    any = true;
  }
  return any ? values : undefined;
}

function lookalike(job: string, jobs: readonly OwnJob[]): OwnJob | undefined {
  const hint = closestMatch(job, jobs.map((j) => j.job));
  const like = jobs.find((j) => j.job === hint);
  if (!like) return undefined;
  const firstWord = (text: string) => text.toLowerCase().split(/[-_.:]/)[0];
  // Short names are one or two letters from many others: only longer ones count as slips.
  const distance = editDistance(job.toLowerCase(), like.job.toLowerCase());
  const slip = (distance === 1 && job.length >= 4) || (distance === 2 && job.length >= 6);
  return slip || job.toLowerCase().startsWith(like.service) || firstWord(job) === firstWord(like.job) ? like : undefined;
}

function jobKind(job: OwnJob): string {
  return job.endpoints ? `the probe job of service ${job.service}` : `the metrics job of service ${job.service}`;
}
