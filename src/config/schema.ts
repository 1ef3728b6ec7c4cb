/** JSON Schema of the config shape (types.ts in schema form); semantic checks live in validate.ts. */
import { DURATION_PATTERN } from '../model/duration.ts';
import { ALERT_NAME_PATTERN, LABEL_NAME_PATTERN, NAME_PATTERN } from '../model/conventions.ts';

const name = { type: 'string', pattern: NAME_PATTERN, maxLength: 63 };
const HOST_PORT_PATTERN = '^[^\\s/]+:[0-9]+$';
const JOB_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$';
const duration = { type: 'string', pattern: DURATION_PATTERN };
/** A duration, or a plain number of seconds (`pattern` applies to the text, `exclusiveMinimum` to the number). */
const seconds = { type: ['string', 'number'], pattern: DURATION_PATTERN, exclusiveMinimum: 0, description: 'a duration such as "100ms" or a number of seconds above 0' };
const nonEmptyString = { type: 'string', minLength: 1 };
// Same pattern as a label name, but an error about an alert's or a variable's name should say so.
const alertName = { type: 'string', pattern: ALERT_NAME_PATTERN, description: 'an alert name: letters, digits, "_", "-" and ".", starting with a letter or "_"' };
const variableName = { type: 'string', pattern: LABEL_NAME_PATTERN, description: 'a variable name: letters, digits and "_", not starting with a digit' };
const RECEIVER_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
const MATCHERS_PATTERN = '^\\{.*\\}$';
const CLOCK_PATTERN = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';
const labels = {
  type: 'object',
  propertyNames: { pattern: LABEL_NAME_PATTERN },
  additionalProperties: { type: 'string' },
};
const groupBy = { type: 'array', items: { type: 'string', pattern: LABEL_NAME_PATTERN }, uniqueItems: true };
/** An object, or `false` to switch the thing off (`properties` apply to objects only). */
const objectOrFalse = (properties: Record<string, unknown>) => ({
  type: ['object', 'boolean'],
  not: { const: true },
  properties,
  additionalProperties: false,
});

const tier = objectOrFalse({
  budgetPercent: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
  longWindow: duration,
  shortWindow: duration,
  severity: nonEmptyString,
  for: duration,
  minRequestRate: { type: 'number', minimum: 0 },
  labels,
  annotations: labels,
});

const alertingProperties = {
  name: alertName,
  runbookUrl: nonEmptyString,
  labels,
  annotations: labels,
  tiers: { type: 'object', additionalProperties: tier, propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' } },
  noData: objectOrFalse({ for: duration, severity: nonEmptyString }),
  sliBroken: objectOrFalse({ for: duration, severity: nonEmptyString }),
};

const sli = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    ratio: {
      type: 'object',
      required: ['total'],
      additionalProperties: false,
      properties: { errors: nonEmptyString, good: nonEmptyString, total: nonEmptyString, groupBy },
    },
    latency: {
      type: 'object',
      required: ['histogram', 'threshold'],
      additionalProperties: false,
      properties: {
        histogram: nonEmptyString,
        threshold: seconds,
        groupBy,
      },
    },
    uptime: {
      type: 'object',
      required: ['gauge'],
      additionalProperties: false,
      properties: { gauge: nonEmptyString, groupBy },
    },
    raw: {
      type: 'object',
      required: ['errorRatio'],
      additionalProperties: false,
      properties: { errorRatio: nonEmptyString, groupBy },
    },
  },
};

const percent = { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 };
const slaCalendarProperties = {
  calendar: { enum: ['month', 'quarter'] },
  timezone: { type: 'string', minLength: 1, description: 'an IANA time zone such as "UTC" or "Europe/Berlin"' },
  missingData: { enum: ['ignore', 'bad', 'good'] },
};
const sla = {
  type: 'object',
  required: ['objective'],
  additionalProperties: false,
  properties: {
    objective: percent,
    credits: {
      type: 'array',
      items: { type: 'object', required: ['below', 'creditPercent'], additionalProperties: false, properties: { below: percent, creditPercent: { type: 'number', exclusiveMinimum: 0, maximum: 100 } } },
    },
    ...slaCalendarProperties,
  },
};

const maintenanceProperties = {
  name,
  description: { type: 'string' },
  start: { type: 'string', minLength: 1, description: 'an RFC 3339 date-time such as "2026-11-15T02:00:00Z"' },
  end: { type: 'string', minLength: 1, description: 'an RFC 3339 date-time such as "2026-11-15T04:00:00Z"' },
  weekly: {
    type: 'object',
    required: ['days', 'start', 'end'],
    additionalProperties: false,
    properties: {
      days: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] } },
      start: { type: 'string', pattern: CLOCK_PATTERN },
      end: { type: 'string', pattern: CLOCK_PATTERN },
      timezone: { type: 'string', minLength: 1, description: 'an IANA time zone such as "UTC" or "Europe/Berlin"' },
    },
  },
  muteBurnRateAlerts: { type: 'boolean' },
};
const maintenance = { type: 'array', items: { type: 'object', required: ['name'], additionalProperties: false, properties: maintenanceProperties } };
const sharedMaintenance = {
  type: 'array',
  items: { type: 'object', required: ['name', 'services'], additionalProperties: false, properties: { ...maintenanceProperties, services: { type: 'array', minItems: 1, uniqueItems: true, items: name } } },
};

const slo = {
  type: 'object',
  required: ['name', 'objective', 'sli'],
  additionalProperties: false,
  properties: {
    name,
    description: { type: 'string' },
    objective: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100 },
    period: duration,
    sli,
    labels,
    alerting: objectOrFalse(alertingProperties),
    sla,
    maintenance,
  },
};

const hostPort = { type: 'string', pattern: HOST_PORT_PATTERN };
const file = nonEmptyString;
const closedObject = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });
/** A Kubernetes Secret's name and key; kubernetes-to-model.ts checks the name's form. */
const secretKeyRef = closedObject({ name: nonEmptyString, key: { type: 'string', pattern: '^[-._a-zA-Z0-9]+$' } }, ['name', 'key']);
const share = { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 };

const scrape = closedObject({
  job: { type: 'string', pattern: JOB_PATTERN },
  targets: { type: 'array', items: hostPort, minItems: 1 },
  fileSd: { type: 'array', items: file, minItems: 1 },
  metricsPath: { type: 'string', pattern: '^/' },
  scheme: { enum: ['http', 'https'] },
  interval: duration,
  timeout: duration,
  labels,
  tls: closedObject({ caFile: file, certFile: file, keyFile: file, serverName: nonEmptyString, caSecret: secretKeyRef, certSecret: secretKeyRef, keySecret: secretKeyRef }),
  basicAuth: closedObject({ username: nonEmptyString, passwordFile: file, usernameSecret: secretKeyRef, passwordSecret: secretKeyRef }, ['username', 'passwordFile']),
  bearerTokenFile: file,
  bearerTokenSecret: secretKeyRef,
});

const probeModule = { enum: ['http_2xx', 'tcp_connect'] };
const probes = closedObject(
  {
    job: { type: 'string', pattern: JOB_PATTERN },
    prober: hostPort,
    interval: duration,
    module: probeModule,
    endpoints: { type: 'array', minItems: 1, items: closedObject({ name, url: nonEmptyString, module: probeModule }, ['name', 'url']) },
  },
  ['prober', 'endpoints'],
);

const thresholdAlert = closedObject(
  {
    name: alertName,
    severity: nonEmptyString,
    for: duration,
    summary: nonEmptyString,
    description: nonEmptyString,
    runbookUrl: nonEmptyString,
    labels,
    serviceDown: closedObject({}),
    errorRate: closedObject({ errors: nonEmptyString, total: nonEmptyString, above: share, window: duration }, ['errors', 'total', 'above']),
    latency: closedObject({ histogram: nonEmptyString, quantile: share, above: seconds, window: duration }, ['histogram', 'quantile', 'above']),
    saturation: closedObject({ used: nonEmptyString, capacity: { type: ['string', 'number'] }, above: { type: 'number', exclusiveMinimum: 0, maximum: 1 } }, ['used', 'capacity', 'above']),
    diskFull: closedObject({ filesystems: { type: 'string', pattern: MATCHERS_PATTERN }, below: share }, ['below']),
    probeFailed: closedObject({ endpoint: nonEmptyString }, ['endpoint']),
    probeSlow: closedObject({ endpoint: nonEmptyString, above: seconds }, ['endpoint', 'above']),
    freshness: closedObject({ timestamp: nonEmptyString, maxAge: duration }, ['timestamp', 'maxAge']),
    expr: nonEmptyString,
  },
  ['name', 'severity', 'summary'],
);

const service = {
  type: 'object',
  required: ['name', 'slos'],
  additionalProperties: false,
  properties: {
    // Short enough for the service dashboard's uid, slo-<service>, to fit Grafana's 40 characters.
    name: { ...name, maxLength: 36 },
    labels,
    slos: { type: 'array', items: slo, minItems: 1 },
    scrape,
    probes,
    alerts: { type: 'array', items: thresholdAlert },
    maintenance,
    servers: { type: 'array', items: name, minItems: 1, uniqueItems: true },
    tests: { enum: ['fast', 'full'] },
  },
};

const alertmanager = closedObject(
  {
    severities: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: NAME_PATTERN },
      additionalProperties: closedObject({ receiver: nonEmptyString, responseTarget: nonEmptyString, groupWait: duration, groupInterval: duration, repeatInterval: duration }, ['receiver']),
    },
    receivers: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: RECEIVER_PATTERN },
      additionalProperties: closedObject({
        pagerduty: closedObject({ routingKeyFile: file, routingKeySecret: secretKeyRef }, ['routingKeyFile']),
        slack: closedObject({ apiUrlFile: file, apiUrlSecret: secretKeyRef, channel: nonEmptyString }, ['apiUrlFile', 'channel']),
        webhook: closedObject({ url: { type: 'string', pattern: '^https?://' } }, ['url']),
        email: closedObject({ to: nonEmptyString, from: nonEmptyString, smarthost: hostPort, authUsername: nonEmptyString, authPasswordFile: file, authPasswordSecret: secretKeyRef }, ['to', 'from', 'smarthost']),
        messages: closedObject({ title: nonEmptyString, text: nonEmptyString }),
      }),
    },
    defaultReceiver: nonEmptyString,
    groupBy: { type: 'array', items: { type: 'string', pattern: LABEL_NAME_PATTERN }, uniqueItems: true },
  },
  ['severities', 'receivers', 'defaultReceiver'],
);

const variable = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: variableName,
    label: nonEmptyString,
    datasource: { const: 'prometheus' },
    labelValues: closedObject({ label: { type: 'string', pattern: LABEL_NAME_PATTERN }, metric: nonEmptyString }, ['label']),
    custom: { type: 'array', items: nonEmptyString, minItems: 1 },
    multi: { type: 'boolean' },
  },
};

const panel = closedObject(
  {
    title: nonEmptyString,
    type: { enum: ['timeseries', 'stat', 'gauge', 'table'] },
    description: nonEmptyString,
    query: nonEmptyString,
    legend: nonEmptyString,
    unit: nonEmptyString,
    thresholds: { type: 'array', items: closedObject({ value: { type: 'number' }, color: nonEmptyString }, ['value', 'color']) },
    min: { type: 'number' },
    max: { type: 'number' },
    width: { type: 'integer', minimum: 1, maximum: 24 },
  },
  ['title', 'type', 'query'],
);

const dashboard = closedObject(
  {
    title: nonEmptyString,
    uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$' },
    description: nonEmptyString,
    tags: { type: 'array', items: nonEmptyString },
    variables: { type: 'array', items: variable },
    rows: { type: 'array', minItems: 1, items: closedObject({ title: nonEmptyString, panels: { type: 'array', minItems: 1, items: panel } }, ['title', 'panels']) },
  },
  ['title', 'rows'],
);

const grafana = closedObject({ url: { type: 'string', pattern: '^https?://' }, prometheusUrl: { type: 'string', pattern: '^https?://' }, dashboardsPath: { type: 'string', pattern: '^/' }, datasourceIsDefault: { type: 'boolean' } });

const prometheus = closedObject({
  scrapeInterval: duration,
  scrapeTimeout: duration,
  evaluationInterval: duration,
  externalLabels: labels,
  alertmanagers: { type: 'array', items: hostPort, minItems: 1 },
});

const kubernetesLabels = { type: 'object', additionalProperties: { type: 'string' } };
const kubernetesResource = closedObject({ namespace: nonEmptyString, labels: kubernetesLabels });
const kubernetes = closedObject(
  {
    namespace: nonEmptyString,
    labels: kubernetesLabels,
    dashboardLabels: { ...kubernetesLabels, minProperties: 1 },
    resources: closedObject(Object.fromEntries(['prometheusRules', 'probes', 'scrapeConfigs', 'serviceMonitors', 'alertmanagerConfig', 'dashboards'].map((kind) => [kind, kubernetesResource]))),
    serviceMonitors: {
      type: 'object',
      additionalProperties: closedObject(
        { selector: { ...kubernetesLabels, minProperties: 1 }, port: nonEmptyString, namespaces: { type: 'array', items: nonEmptyString, minItems: 1, uniqueItems: true } },
        ['selector', 'port'],
      ),
    },
  },
  ['namespace'],
);

const remoteWriteUrl = { type: 'string', pattern: '^https?://' };
const topology = closedObject(
  {
    servers: { type: 'array', minItems: 1, items: closedObject({ name, externalLabels: { ...labels, minProperties: 1 } }, ['name', 'externalLabels']) },
    global: {
      ...closedObject({
        prometheus: closedObject({ remoteWriteUrl }, ['remoteWriteUrl']),
        vmalert: closedObject({ remoteWriteUrl }, ['remoteWriteUrl']),
        thanos: closedObject({ remoteWriteUrl }),
        mimir: closedObject(
          { remoteWriteUrl, tenant: { type: 'string', pattern: '^[a-zA-Z0-9!._*\'()-]{1,150}$' }, namespace: nonEmptyString, maxRulesPerGroup: { type: 'integer', minimum: 1 }, maxGroupsPerTenant: { type: 'integer', minimum: 1 } },
          ['remoteWriteUrl', 'tenant'],
        ),
      }),
      minProperties: 1,
    },
    clusterLabel: { type: 'string', pattern: LABEL_NAME_PATTERN },
    alertmanagers: { type: 'array', items: hostPort, minItems: 1, uniqueItems: true },
    readDelay: duration,
  },
  ['servers', 'global'],
);

export const configSchema = {
  type: 'object',
  required: ['services'],
  additionalProperties: false,
  properties: {
    services: { type: 'array', items: service, minItems: 1 },
    alerting: { type: 'object', additionalProperties: false, properties: alertingProperties },
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: { longWindowInterval: duration },
    },
    prometheus,
    alertmanager,
    grafana,
    dashboards: { type: 'array', items: dashboard },
    kubernetes,
    sla: { type: 'object', additionalProperties: false, properties: slaCalendarProperties },
    maintenance: sharedMaintenance,
    topology,
  },
} as const;

/** What each pattern means, for error messages a person can act on. */
export const PATTERN_MEANING: Readonly<Record<string, string>> = {
  [NAME_PATTERN]: 'lowercase letters, digits, "-" and "_", starting with a letter or digit',
  [LABEL_NAME_PATTERN]: 'a Prometheus label name: letters, digits and "_", not starting with a digit',
  [DURATION_PATTERN]: 'a Prometheus duration such as "5m", "1h30m" or "30d"',
  '^[A-Za-z][A-Za-z0-9_-]*$': 'letters, digits, "-" and "_", starting with a letter',
  [HOST_PORT_PATTERN]: 'an address "host:port"',
  [JOB_PATTERN]: 'letters, digits, ".", "-" and "_"',
  '^/': 'a path starting with "/"',
  '^https?://': 'an http:// or https:// URL',
  [RECEIVER_PATTERN]: 'letters, digits, ".", "-" and "_", starting with a letter or digit',
  [MATCHERS_PATTERN]: 'label matchers in braces, such as {mountpoint="/"}',
  '^[a-zA-Z0-9_-]{1,40}$': 'a Grafana uid: at most 40 letters, digits, "-" and "_"',
  '^[-._a-zA-Z0-9]+$': 'a Secret key: letters, digits, "-", "_" and "."',
  [CLOCK_PATTERN]: 'a time of day "HH:MM" from "00:00" to "24:00"',
  "^[a-zA-Z0-9!._*'()-]{1,150}$": 'a Mimir tenant ID: at most 150 letters, digits and !._*\'()-',
};
