/**
 * Kubernetes object names and label rules (RFC 1123), and the one place sloforge's
 * object names are derived: `sloforge-<what>`, lowercased, "_" turned into "-".
 */

export const MAX_OBJECT_NAME = 253;
export const MAX_LABEL_VALUE = 63;
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`);
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Why `name` is not a valid object name (an RFC 1123 subdomain), or undefined when it is. */
export function objectNameProblem(name: string): string | undefined {
  if (name.length > MAX_OBJECT_NAME) return `is ${name.length} characters long; Kubernetes object names have at most ${MAX_OBJECT_NAME}`;
  if (!SUBDOMAIN.test(name)) return 'is not a Kubernetes object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (RFC 1123)';
  return undefined;
}

/** Namespaces are RFC 1123 labels: at most 63 characters, no dots. */
export function namespaceProblem(name: string): string | undefined {
  if (name.length > MAX_LABEL_VALUE || !new RegExp(`^${DNS_LABEL}$`).test(name)) {
    return 'is not a Kubernetes namespace: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit (RFC 1123)';
  }
  return undefined;
}

/** A label key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash === -1 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && objectNameProblem(prefix) !== undefined) return `label key "${key}" has a prefix that is not a DNS subdomain`;
  if (name.length > MAX_LABEL_VALUE || !LABEL_NAME.test(name)) return `label key "${key}" is not a Kubernetes label name: at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > MAX_LABEL_VALUE) return `is ${value.length} characters long; Kubernetes label values have at most ${MAX_LABEL_VALUE}`;
  if (value !== '' && !LABEL_NAME.test(value)) return 'is not a Kubernetes label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

function derived(...parts: string[]): string {
  return ['sloforge', ...parts].join('-').toLowerCase().replaceAll('_', '-');
}

export const OBJECT_NAME = {
  prometheusRule: (service: string) => derived(service),
  probe: (service: string, endpoint: string) => derived(service, endpoint),
  scrape: (service: string) => derived(service),
  alertmanagerConfig: derived(),
  dashboard: (uid: string) => derived('dashboard', uid),
} as const;

/** The ConfigMap key a dashboard's JSON is under; the sidecar writes it to a file of that name. */
export const dashboardKey = (uid: string) => `${uid}.json`;

/**
 * Files under `generated/`. Rules and dashboards come a file per service (and per
 * dashboard) like the plain tree's, so each is written as it compiles and stays far
 * below the 1 MiB an object may have; the other kinds are one YAML stream each.
 */
export const KUBERNETES_OUTPUT = {
  dir: 'kubernetes',
  prometheusRules: (service: string) => `kubernetes/prometheus-rules/${service}.yaml`,
  probes: 'kubernetes/probes.yaml',
  scrapeConfigs: 'kubernetes/scrape-configs.yaml',
  serviceMonitors: 'kubernetes/service-monitors.yaml',
  alertmanagerConfig: 'kubernetes/alertmanager-config.yaml',
  dashboard: (uid: string) => `kubernetes/grafana-dashboards/${uid}.yaml`,
  kustomization: 'kubernetes/kustomization.yaml',
} as const;
