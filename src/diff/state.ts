/**
 * What a generated tree means for alerting, read back from its files as data: the
 * SLOs and their burn-rate tiers, the threshold alerts, and what is scraped, probed,
 * routed and drawn. `sloforge diff` compares two of these.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { parser } from '@prometheus-io/lezer-promql';
import { LABEL, METRIC, OUTPUT } from '../model/conventions.ts';
import { quantityOf, type Quantity } from './quantity.ts';

export interface TierState {
  readonly alert: string;
  readonly longWindow: string;
  readonly shortWindow: string;
  readonly factor: number;
  /** Conditions past the two burn-rate ones: the minimum request rate. */
  readonly minRequestRate: number | undefined;
  readonly for: string;
  readonly severity: string;
}

export interface SloState {
  readonly objective: number | undefined;
  readonly periodDays: number | undefined;
  /** By `<alert> <long>/<short>`. */
  readonly tiers: ReadonlyMap<string, TierState>;
}

export interface Comparison {
  readonly op: string;
  readonly value: number;
  /** What the number is compared with. */
  readonly quantity: Quantity;
}

/** A number of an expression that is not a threshold: what it stands for there. */
export interface ExpressionNumber {
  readonly value: number;
  readonly role: 'quantile' | 'divisor' | 'number';
}

export interface ThresholdState {
  readonly expr: string;
  /** The expression with its numbers blanked: a change here is a change of structure. */
  readonly shape: string;
  readonly comparisons: readonly Comparison[];
  /** Every number in the expression, in order: quantiles and capacities as well as thresholds. */
  readonly numbers: readonly ExpressionNumber[];
  readonly for: string;
  readonly severity: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface TreeState {
  /** By `<service>/<slo>`. */
  readonly slos: ReadonlyMap<string, SloState>;
  /** By `<service>/<alertname>`. */
  readonly thresholds: ReadonlyMap<string, ThresholdState>;
  /** `<record> <service>/<slo>` */
  readonly records: ReadonlySet<string>;
  /** Scrape job → its static targets, probe targets included. */
  readonly jobs: ReadonlyMap<string, ReadonlySet<string>>;
  readonly receivers: ReadonlySet<string>;
  /** Severity → receiver, most urgent first. */
  readonly routes: ReadonlyMap<string, string>;
  /** Dashboard uid → panel titles. */
  readonly dashboards: ReadonlyMap<string, ReadonlySet<string>>;
}

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}

/** The tree before sloforge: compared with it, everything is new. */
export const EMPTY_TREE: TreeState = { slos: new Map(), thresholds: new Map(), records: new Set(), jobs: new Map(), receivers: new Set(), routes: new Map(), dashboards: new Map() };

/** A plain tree (`prometheus/prometheus.yml` and the rest) or a Kubernetes one (`kustomization.yaml` and its manifests). */
export async function readTree(dir: string): Promise<TreeState> {
  if ((await yamlAt(join(dir, OUTPUT.prometheusConfig))) !== undefined) return readPlainTree(dir);
  if ((await yamlAt(join(dir, 'kustomization.yaml'))) !== undefined) return readKubernetesTree(dir);
  throw new Error(`${dir} holds no generated tree (no ${OUTPUT.prometheusConfig}, no kustomization.yaml)`);
}

/** What a tree says besides its rules. */
interface Wiring {
  readonly jobs: TreeState['jobs'];
  readonly receivers: TreeState['receivers'];
  readonly routes: TreeState['routes'];
  readonly dashboards: TreeState['dashboards'];
}

type Dashboard = { uid: string; panels?: { type: string; title: string }[] };

async function readPlainTree(dir: string): Promise<TreeState> {
  const groups: RuleGroup[] = [];
  for (const file of await files(join(dir, 'prometheus/rules'), '.yml')) {
    groups.push(...(((await yamlAt(join(dir, 'prometheus/rules', file))) as { groups?: RuleGroup[] } | undefined)?.groups ?? []));
  }
  const prometheus = (await yamlAt(join(dir, OUTPUT.prometheusConfig))) as { scrape_configs?: { job_name: string; static_configs?: { targets: string[] }[] }[] } | undefined;
  const jobs = new Map((prometheus?.scrape_configs ?? []).map((job) => [job.job_name, new Set((job.static_configs ?? []).flatMap((s) => s.targets))]));
  const alertmanager = (await yamlAt(join(dir, OUTPUT.alertmanagerConfig))) as { receivers?: { name: string }[]; route?: { routes?: { matchers?: string[]; receiver: string }[] } } | undefined;
  const routes = new Map<string, string>();
  for (const route of alertmanager?.route?.routes ?? []) {
    const severity = route.matchers?.map((m) => /^severity="(.*)"$/.exec(m)?.[1]).find((s) => s !== undefined);
    if (severity) routes.set(severity, route.receiver);
  }
  const dashboards: Dashboard[] = [];
  for (const file of await files(join(dir, 'grafana/dashboards'), '.json')) dashboards.push(JSON.parse(await readFile(join(dir, 'grafana/dashboards', file), 'utf8')) as Dashboard);
  return { ...fromRules(groups), jobs, receivers: new Set((alertmanager?.receivers ?? []).map((r) => r.name)), routes, dashboards: panelsOf(dashboards) };
}

interface Manifest {
  kind?: string;
  spec?: {
    groups?: RuleGroup[];
    jobName?: string;
    staticConfigs?: { targets: string[] }[];
    targets?: { staticConfig?: { static?: string[] } };
    endpoints?: { relabelings?: { targetLabel?: string; replacement?: string }[] }[];
    receivers?: { name: string }[];
    route?: { routes?: { matchers?: { name: string; value: string; matchType?: string }[]; receiver: string }[] };
  };
  data?: Record<string, string>;
}

/** The same meaning read from the manifests: PrometheusRule groups, scrape and probe jobs, the AlertmanagerConfig, dashboard ConfigMaps. */
async function readKubernetesTree(dir: string): Promise<TreeState> {
  const manifests: Manifest[] = [];
  for (const file of (await yamlFilesUnder(dir)).filter((f) => f !== 'kustomization.yaml')) {
    manifests.push(...parseAllDocuments(await readFile(join(dir, file), 'utf8')).map((d) => d.toJS() as Manifest));
  }
  const jobs = new Map<string, Set<string>>();
  const job = (name: string) => jobs.get(name) ?? jobs.set(name, new Set()).get(name)!;
  const routes = new Map<string, string>();
  const receivers = new Set<string>();
  const dashboards: Dashboard[] = [];
  for (const { kind, spec, data } of manifests) {
    if (kind === 'ScrapeConfig' && spec?.jobName) for (const target of (spec.staticConfigs ?? []).flatMap((s) => s.targets)) job(spec.jobName).add(target);
    else if (kind === 'Probe' && spec?.jobName) for (const target of spec.targets?.staticConfig?.static ?? []) job(spec.jobName).add(target);
    else if (kind === 'ServiceMonitor') {
      const name = spec?.endpoints?.flatMap((e) => e.relabelings ?? []).find((r) => r.targetLabel === 'job')?.replacement;
      if (name) job(name);
    } else if (kind === 'AlertmanagerConfig') {
      for (const receiver of spec?.receivers ?? []) receivers.add(receiver.name);
      for (const route of spec?.route?.routes ?? []) {
        const severity = route.matchers?.find((m) => m.name === 'severity' && (m.matchType ?? '=') === '=')?.value;
        if (severity) routes.set(severity, route.receiver);
      }
    } else if (kind === 'ConfigMap') dashboards.push(...Object.values(data ?? {}).map((text) => JSON.parse(text) as Dashboard));
  }
  const groups = manifests.filter((m) => m.kind === 'PrometheusRule').flatMap((m) => m.spec?.groups ?? []);
  return { ...fromRules(groups), jobs, receivers, routes, dashboards: panelsOf(dashboards) };
}

interface RuleGroup {
  rules: Rule[];
}

function panelsOf(dashboards: readonly Dashboard[]): TreeState['dashboards'] {
  return new Map(dashboards.map((d) => [d.uid, new Set((d.panels ?? []).filter((p) => p.type !== 'row').map((p) => p.title))]));
}

/** The SLOs, tiers, threshold alerts and records that rule groups define. */
function fromRules(groups: readonly RuleGroup[]): Omit<TreeState, keyof Wiring> {
  const slos = new Map<string, { objective?: number; periodDays?: number; tiers: Map<string, TierState> }>();
  const slo = (labels: Record<string, string> | undefined) => {
    const key = `${labels?.[LABEL.service]}/${labels?.[LABEL.slo]}`;
    if (!slos.has(key)) slos.set(key, { tiers: new Map() });
    return slos.get(key)!;
  };
  const thresholds = new Map<string, ThresholdState>();
  const records = new Set<string>();
  for (const rule of groups.flatMap((g) => g.rules)) {
    const labels = rule.labels ?? {};
    if (rule.record) {
      records.add(`${rule.record} ${labels[LABEL.service]}/${labels[LABEL.slo]}`);
      if (rule.record === METRIC.objective) slo(labels).objective = vectorValue(rule.expr);
      if (rule.record === METRIC.periodDays) slo(labels).periodDays = vectorValue(rule.expr);
    } else if (rule.alert && labels[LABEL.longWindow] && labels[LABEL.slo]) {
      const [burn, , minimum] = comparisons(rule.expr);
      const tier = {
        alert: rule.alert,
        longWindow: labels[LABEL.longWindow]!,
        shortWindow: labels[LABEL.shortWindow]!,
        factor: burn?.value ?? NaN,
        minRequestRate: minimum?.value,
        for: rule.for ?? '0s',
        severity: labels[LABEL.severity] ?? '',
      };
      slo(labels).tiers.set(`${tier.alert} ${tier.longWindow}/${tier.shortWindow}`, tier);
    } else if (rule.alert) {
      // The no-data alert of each SLO shares its name with the others: the SLO tells them apart.
      thresholds.set([labels[LABEL.service] ?? '', labels[LABEL.slo], rule.alert].filter((part) => part !== undefined).join('/'), {
        expr: rule.expr,
        shape: shape(rule.expr),
        comparisons: comparisons(rule.expr),
        numbers: numbers(rule.expr),
        for: rule.for ?? '0s',
        severity: labels[LABEL.severity] ?? '',
        labels,
      });
    }
  }
  return { slos: new Map([...slos].map(([key, s]) => [key, { objective: s.objective, periodDays: s.periodDays, tiers: s.tiers }])), thresholds, records };
}

/** The numbers a rule compares against, in order, from the PromQL syntax tree. */
export function comparisons(expr: string): Comparison[] {
  const found: Comparison[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'BinaryExpr') return;
      const op = node.node.getChild('CompareOp') ?? [...childrenOf(node.node)].find((c) => ['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq'].includes(c.name));
      const number = node.node.lastChild;
      if (op && number?.name === 'NumberDurationLiteral' && node.node.firstChild) {
        found.push({ op: expr.slice(op.from, op.to).trim(), value: Number(expr.slice(number.from, number.to)), quantity: quantityOf(node.node.firstChild, expr) });
      }
    },
  });
  return found;
}

function* childrenOf(node: import('@lezer/common').SyntaxNode) {
  for (let child = node.firstChild; child; child = child.nextSibling) yield child;
}

function numbers(expr: string): ExpressionNumber[] {
  const found: ExpressionNumber[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name !== 'NumberDurationLiteral') return;
      const parent = node.node.parent;
      const quantile = parent?.name === 'FunctionCallBody' && parent.parent?.getChild('FunctionIdentifier')?.firstChild?.name === 'HistogramQuantile';
      const divisor = parent?.name === 'BinaryExpr' && parent.getChild('Div') !== null && parent.lastChild?.from === node.from;
      found.push({ value: Number(expr.slice(node.from, node.to)), role: quantile ? 'quantile' : divisor ? 'divisor' : 'number' });
    },
  });
  return found;
}

function shape(expr: string): string {
  let out = '';
  let last = 0;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name === 'NumberDurationLiteral') {
        out += `${expr.slice(last, node.from)}#`;
        last = node.to;
      }
    },
  });
  return (out + expr.slice(last)).replace(/\s+/g, ' ').trim();
}

function vectorValue(expr: string): number | undefined {
  const match = /^vector\((.+)\)$/.exec(expr.trim());
  if (!match) return undefined;
  const inner = match[1]!.replace(/\s/g, '');
  const minus = /^1-(.+)$/.exec(inner);
  return minus ? 1 - Number(minus[1]) : Number(inner);
}

async function files(dir: string, extension: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(extension)).sort();
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

async function yamlAt(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parse(text);
}
