/**
 * The `kubernetes` section: namespaces, labels and object names checked against
 * Kubernetes' rules (RFC 1123), and every secret the manifests need given as a Secret
 * key reference: a manifest never names a file or holds a secret.
 */
import type { KubernetesConfig, Labels as LabelsConfig, SecretKeyRef, SloforgeConfig } from './types.ts';
import type { DiagnosticList, Path } from './diagnostics.ts';
import { sortLabels } from './checks.ts';
import { KUBERNETES_KINDS, type Kubernetes, type KubernetesKind, type KubernetesPlacement } from '../model/kubernetes.ts';
import { OBJECT_NAME, labelKeyProblem, labelValueProblem, namespaceProblem, objectNameProblem } from '../model/kubernetes-names.ts';
import type { Dashboard } from '../model/dashboard.ts';
import { OVERVIEW_UID, serviceDashboardUid, slaDashboardUid } from '../model/dashboard-uids.ts';

const DEFAULT_DASHBOARD_LABELS = { grafana_dashboard: '1' };
/** On every resource, so `kubectl get -l` finds what sloforge wrote. */
export const MANAGED_BY_LABELS = { 'app.kubernetes.io/managed-by': 'sloforge' };

export function toKubernetes(config: SloforgeConfig, dashboards: readonly Dashboard[], problems: DiagnosticList): Kubernetes | undefined {
  const section = config.kubernetes;
  if (!section) return undefined;
  const at: Path = ['kubernetes'];
  checkNamespace(section.namespace, [...at, 'namespace'], problems);
  checkLabels(section.labels, [...at, 'labels'], problems);
  checkLabels(section.dashboardLabels, [...at, 'dashboardLabels'], problems);
  const placement = Object.fromEntries(
    KUBERNETES_KINDS.map((kind): [KubernetesKind, KubernetesPlacement] => {
      const own = section.resources?.[kind];
      if (own?.namespace !== undefined) checkNamespace(own.namespace, [...at, 'resources', kind, 'namespace'], problems);
      checkLabels(own?.labels, [...at, 'resources', kind, 'labels'], problems);
      return [kind, { namespace: own?.namespace ?? section.namespace, labels: sortLabels({ ...MANAGED_BY_LABELS, ...section.labels, ...own?.labels }) }];
    }),
  ) as Record<KubernetesKind, KubernetesPlacement>;
  const serviceMonitors = toServiceMonitors(config, section, problems);
  checkReceiverSecrets(config, problems);
  checkScrapeSecrets(config, problems);
  checkObjectNames(config, dashboards, placement, serviceMonitors, problems);
  return { placement, dashboardLabels: sortLabels(section.dashboardLabels ?? DEFAULT_DASHBOARD_LABELS), serviceMonitors };
}

function toServiceMonitors(config: SloforgeConfig, section: KubernetesConfig, problems: DiagnosticList): Kubernetes['serviceMonitors'] {
  const entries = Object.entries(section.serviceMonitors ?? {}).map(([service, monitor]) => {
    const at = ['kubernetes', 'serviceMonitors', service];
    const known = config.services.find((s) => s.name === service);
    if (!known) problems.add(at, `names no service; services are ${config.services.map((s) => `"${s.name}"`).join(', ')}`);
    else if (!known.scrape) problems.add(at, `service "${service}" has no scrape section: its job, path and scheme are what the ServiceMonitor scrapes`);
    checkLabels(monitor.selector, [...at, 'selector'], problems);
    (monitor.namespaces ?? []).forEach((namespace, index) => checkNamespace(namespace, [...at, 'namespaces', index], problems));
    return [service, { selector: sortLabels(monitor.selector), port: monitor.port, namespaces: [...(monitor.namespaces ?? [])] }] as const;
  });
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const ON_KUBERNETES = 'the Kubernetes output (the "kubernetes" section) names a Secret key, never a file';

/** A secret of a receiver by file has a Secret counterpart, or the AlertmanagerConfig cannot be written. */
function checkReceiverSecrets(config: SloforgeConfig, problems: DiagnosticList): void {
  for (const [name, receiver] of Object.entries(config.alertmanager?.receivers ?? {})) {
    const at = ['alertmanager', 'receivers', name];
    if (receiver.pagerduty) requireSecret(receiver.pagerduty.routingKeySecret, 'routingKeySecret', 'the routing key', [...at, 'pagerduty'], problems);
    if (receiver.slack) requireSecret(receiver.slack.apiUrlSecret, 'apiUrlSecret', 'the webhook URL', [...at, 'slack'], problems);
    if (receiver.email?.authPasswordFile !== undefined || receiver.email?.authPasswordSecret !== undefined) {
      requireSecret(receiver.email.authPasswordSecret, 'authPasswordSecret', 'the SMTP password', [...at, 'email'], problems);
    }
  }
}

function checkScrapeSecrets(config: SloforgeConfig, problems: DiagnosticList): void {
  config.services.forEach((service, index) => {
    const scrape = service.scrape;
    const at = ['services', index, 'scrape'];
    if (!scrape) return;
    if (scrape.basicAuth) {
      requireSecret(scrape.basicAuth.usernameSecret, 'usernameSecret', 'the user name (Kubernetes reads it from a Secret too)', [...at, 'basicAuth'], problems);
      requireSecret(scrape.basicAuth.passwordSecret, 'passwordSecret', 'the password', [...at, 'basicAuth'], problems);
    }
    if (scrape.bearerTokenFile !== undefined || scrape.bearerTokenSecret !== undefined) requireSecret(scrape.bearerTokenSecret, 'bearerTokenSecret', 'the bearer token', at, problems);
    const tls = scrape.tls;
    for (const [file, secret, what] of [
      ['caFile', 'caSecret', 'the CA certificate'],
      ['certFile', 'certSecret', 'the client certificate'],
      ['keyFile', 'keySecret', 'the client key'],
    ] as const) {
      if (tls?.[file] !== undefined || tls?.[secret] !== undefined) requireSecret(tls[secret], secret, what, [...at, 'tls'], problems);
    }
  });
}

function requireSecret(ref: SecretKeyRef | undefined, field: string, what: string, at: Path, problems: DiagnosticList): void {
  if (!ref) {
    problems.add(at, `needs "${field}": { name, key } of the Secret holding ${what}; ${ON_KUBERNETES}`);
    return;
  }
  const problem = objectNameProblem(ref.name);
  if (problem) problems.add([...at, field, 'name'], `"${ref.name}" ${problem}`);
}

/** Every object sloforge will write, by kind and namespace: each name valid and given once. */
function checkObjectNames(config: SloforgeConfig, dashboards: readonly Dashboard[], placement: Kubernetes['placement'], serviceMonitors: Kubernetes['serviceMonitors'], problems: DiagnosticList): void {
  const objects: { kind: KubernetesKind; name: string; at: Path }[] = [];
  config.services.forEach((service, index) => {
    const at = ['services', index, 'name'];
    objects.push({ kind: 'prometheusRules', name: OBJECT_NAME.prometheusRule(service.name), at });
    if (service.scrape) objects.push({ kind: service.name in serviceMonitors ? 'serviceMonitors' : 'scrapeConfigs', name: OBJECT_NAME.scrape(service.name), at });
    service.probes?.endpoints.forEach((endpoint, endpointIndex) => {
      objects.push({ kind: 'probes', name: OBJECT_NAME.probe(service.name, endpoint.name), at: ['services', index, 'probes', 'endpoints', endpointIndex, 'name'] });
    });
    objects.push({ kind: 'dashboards', name: OBJECT_NAME.dashboard(serviceDashboardUid(service.name)), at });
    if (service.slos.some((slo) => slo.sla)) objects.push({ kind: 'dashboards', name: OBJECT_NAME.dashboard(slaDashboardUid(service.name)), at });
  });
  objects.push({ kind: 'dashboards', name: OBJECT_NAME.dashboard(OVERVIEW_UID), at: ['kubernetes'] });
  dashboards.forEach((dashboard, index) => {
    objects.push({ kind: 'dashboards', name: OBJECT_NAME.dashboard(dashboard.uid), at: ['dashboards', index, config.dashboards?.[index]?.uid === undefined ? 'title' : 'uid'] });
  });
  const seen = new Map<string, Path>();
  for (const object of objects) {
    const problem = objectNameProblem(object.name);
    if (problem) problems.add(object.at, `would name the ${kindName(object.kind)} "${object.name}", which ${problem}`);
    const key = `${object.kind} ${placement[object.kind].namespace}/${object.name}`;
    const first = seen.get(key);
    if (first) problems.add(object.at, `would name the ${kindName(object.kind)} "${object.name}" in namespace "${placement[object.kind].namespace}", as ${problems.name(first)} does; rename one of them`);
    else seen.set(key, object.at);
  }
}

function kindName(kind: KubernetesKind): string {
  return { prometheusRules: 'PrometheusRule', probes: 'Probe', scrapeConfigs: 'ScrapeConfig', serviceMonitors: 'ServiceMonitor', alertmanagerConfig: 'AlertmanagerConfig', dashboards: 'dashboard ConfigMap' }[kind];
}

function checkNamespace(namespace: string, at: Path, problems: DiagnosticList): void {
  const problem = namespaceProblem(namespace);
  if (problem) problems.add(at, `"${namespace}" ${problem}`);
}

function checkLabels(labels: LabelsConfig | undefined, at: Path, problems: DiagnosticList): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.add([...at, key], keyProblem);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.add([...at, key], `"${value}" ${valueProblem}`);
  }
}
