/**
 * Sloth's `prometheus/v1` spec and its `PrometheusServiceLevel` CRD (the same fields in
 * camelCase under `spec`) → sloforge SLOs. Sloth's windows (30d: 1h/5m 14.4x and 6h/30m 6x
 * page, 1d/2h 3x and 3d/6h 1x ticket) are sloforge's default tiers, so only severities,
 * labels and switches carry over.
 */
import type { AlertingConfig, Labels, SliConfig, SloConfig, TierConfig } from '../config/types.ts';
import type { Imported, ImportedSlo } from './imported.ts';
import { isRecord, LossList, percentObjective, sloforgeName, importedGroupBy, userLabels } from './imported.ts';
import { type SourceRef, sourcePath } from './losses.ts';
import { counterQuery, otherTemplates, outerGroupBy, withWindowPlaceholder } from './queries.ts';

type Spec = Record<string, unknown>;

/** A field by its YAML spelling (`error_query`) or the CRD's (`errorQuery`). */
function field(object: Spec, snake: string): unknown {
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return object[snake] ?? object[camel];
}

const PAGE_TIERS = ['fastPage', 'slowPage'] as const;
const TICKET_TIERS = ['fastTicket', 'slowTicket'] as const;

export function importSloth(document: Spec, source: SourceRef, crd: boolean): Imported {
  const losses: LossList = new LossList(source);
  const spec = crd ? document.spec : document;
  const at = crd ? 'spec' : '';
  const join = (path: string) => (at ? `${at}.${path}` : path);
  if (!isRecord(spec)) losses.fail(at || '(document)', 'a PrometheusServiceLevel needs a spec with service and slos');
  if (typeof spec.service !== 'string') losses.fail(join('service'), 'Sloth requires the service name');
  if (!Array.isArray(spec.slos) || spec.slos.length === 0) losses.fail(join('slos'), 'Sloth requires a list of SLOs');
  const service = sloforgeName(spec.service, join('service'), losses);
  const serviceLabels = userLabels(spec.labels as Spec | undefined, join('labels'), losses);

  const slos: ImportedSlo[] = [];
  const dropped: Imported['dropped'][number][] = [];
  spec.slos.forEach((raw: unknown, index: number) => {
    const path = join(`slos[${index}]`);
    const sloLosses: LossList = new LossList(source);
    if (!isRecord(raw) || typeof raw.name !== 'string') losses.fail(path, 'each SLO needs a name');
    const slo = importSlo(raw, path, serviceLabels, sloLosses);
    losses.items.push(...sloLosses.items);
    if (slo) slos.push({ service, slo, origin: { file: source.file, path: sourcePath(source, path) }, losses: sloLosses.items });
    else dropped.push(...sloLosses.items.filter((l) => l.dropsSlo).map((loss) => ({ service, loss })));
  });
  // Losses of the service itself (its name, its labels) belong to each of its SLOs.
  const serviceLosses = losses.items.filter((l) => !slos.some((s) => s.losses.includes(l)) && !dropped.some((d) => d.loss === l));
  return { slos: slos.map((s) => ({ ...s, losses: [...serviceLosses, ...s.losses] })), dropped };
}

function importSlo(slo: Spec, path: string, serviceLabels: Labels | undefined, losses: LossList): SloConfig | undefined {
  const objective = percentObjective(slo.objective, `${path}.objective`, losses);
  const sli = importSli(slo.sli, `${path}.sli`, losses);
  if (!sli) return undefined;
  const labels = { ...serviceLabels, ...userLabels(slo.labels as Spec | undefined, `${path}.labels`, losses) };
  const alerting = importAlerting(slo.alerting, `${path}.alerting`, losses);
  return {
    name: sloforgeName(slo.name as string, `${path}.name`, losses),
    ...(typeof slo.description === 'string' ? { description: slo.description } : {}),
    objective,
    sli,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(alerting !== undefined ? { alerting } : {}),
  };
}

function importSli(sli: unknown, path: string, losses: LossList): SliConfig | undefined {
  if (!isRecord(sli)) losses.fail(path, 'Sloth requires an sli with events, raw or plugin');
  if (isRecord(sli.plugin)) {
    losses.add(`${path}.plugin`, `Sloth SLI plugin "${String(sli.plugin.id)}" runs Go code inside Sloth; sloforge has no plugins: write the SLI as ratio, latency, uptime or raw`, true);
    return undefined;
  }
  if (isRecord(sli.raw)) {
    const query = field(sli.raw, 'error_ratio_query');
    if (typeof query !== 'string') losses.fail(`${path}.raw.error_ratio_query`, 'a raw SLI needs its error ratio query');
    if (!templatesUsable(query, `${path}.raw.error_ratio_query`, losses)) return undefined;
    const groupBy = importedGroupBy(outerGroupBy(query));
    return { raw: { errorRatio: withWindowPlaceholder(query), ...(groupBy ? { groupBy } : {}) } };
  }
  if (!isRecord(sli.events)) losses.fail(path, 'Sloth requires an sli with events, raw or plugin');
  const errorQuery = field(sli.events, 'error_query');
  const totalQuery = field(sli.events, 'total_query');
  if (typeof errorQuery !== 'string') losses.fail(`${path}.events.error_query`, 'events need an error query');
  if (typeof totalQuery !== 'string') losses.fail(`${path}.events.total_query`, 'events need a total query');
  const eventsPath = `${path}.events`;
  if (!templatesUsable(errorQuery, `${eventsPath}.error_query`, losses) || !templatesUsable(totalQuery, `${eventsPath}.total_query`, losses)) return undefined;
  const errors = counterQuery(errorQuery);
  const total = counterQuery(totalQuery);
  if (errors && total && sameLabels(errors.groupBy, total.groupBy)) {
    const groupBy = importedGroupBy(errors.groupBy);
    return { ratio: { errors: errors.selector, total: total.selector, ...(groupBy ? { groupBy } : {}) } };
  }
  // Any other shape is kept whole: the error ratio of the two queries, as Sloth computes it.
  const groupBy = importedGroupBy(outerGroupBy(totalQuery));
  losses.add(eventsPath, 'the queries are not of the form sum(rate(selector[{{.window}}])), so they are imported as a raw error ratio: sloforge cannot record their events, and windows of a day or more average the ratio as Sloth does');
  return { raw: { errorRatio: `(${withWindowPlaceholder(errorQuery)})\n/\n(${withWindowPlaceholder(totalQuery)})`, ...(groupBy ? { groupBy } : {}) } };
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return [...a].sort().join(',') === [...b].sort().join(',');
}

function templatesUsable(query: string, path: string, losses: LossList): boolean {
  const others = otherTemplates(query);
  if (others.length === 0) return true;
  losses.add(path, `template ${others.join(', ')} has no sloforge counterpart (only {{.window}} does, as $window)`, true);
  return false;
}

function importAlerting(alerting: unknown, path: string, losses: LossList): AlertingConfig | false | undefined {
  if (!isRecord(alerting)) return undefined;
  const page = importSeverity(field(alerting, 'page_alert'), `${path}.${alerting.page_alert ? 'page_alert' : 'pageAlert'}`, 'page', losses);
  const ticket = importSeverity(field(alerting, 'ticket_alert'), `${path}.${alerting.ticket_alert ? 'ticket_alert' : 'ticketAlert'}`, 'ticket', losses);
  if (page === false && ticket === false) return false; // both disabled: no alerts at all
  const tiers: Record<string, TierConfig | false> = {};
  for (const name of PAGE_TIERS) tiers[name] = page;
  for (const name of TICKET_TIERS) tiers[name] = ticket;
  const labels = userLabels(alerting.labels as Spec | undefined, `${path}.labels`, losses);
  const annotations = alerting.annotations as Labels | undefined;
  return {
    ...(typeof alerting.name === 'string' ? { name: alerting.name } : {}),
    ...(labels ? { labels } : {}),
    ...(isRecord(annotations) ? { annotations } : {}),
    tiers,
  };
}

/** Sloth's page/ticket alert → the two tiers of that kind; its `severity` label becomes the tiers' severity. */
function importSeverity(alert: unknown, path: string, kind: 'page' | 'ticket', losses: LossList): TierConfig | false {
  // Sloth labels every alert sloth_severity=page|ticket: routes written for Sloth keep matching.
  const base = { labels: { sloth_severity: kind } };
  if (!isRecord(alert)) return base;
  if (alert.disable === true) return false;
  const { severity, ...labels } = (isRecord(alert.labels) ? alert.labels : {}) as Record<string, unknown>;
  const kept = userLabels(labels, `${path}.labels`, losses);
  return {
    ...(severity !== undefined ? { severity: String(severity) } : {}),
    labels: { ...kept, sloth_severity: kind },
    ...(isRecord(alert.annotations) ? { annotations: alert.annotations as Labels } : {}),
  };
}
