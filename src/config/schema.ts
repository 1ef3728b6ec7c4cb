/** JSON Schema of the config shape (types.ts in schema form); semantic checks live in validate.ts. */
import { DURATION_PATTERN } from '../model/duration.ts';
import { ALERT_NAME_PATTERN, LABEL_NAME_PATTERN, NAME_PATTERN } from '../model/conventions.ts';

const name = { type: 'string', pattern: NAME_PATTERN, maxLength: 63 };
const duration = { type: 'string', pattern: DURATION_PATTERN };
const nonEmptyString = { type: 'string', minLength: 1 };
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
  name: { type: 'string', pattern: ALERT_NAME_PATTERN },
  runbookUrl: nonEmptyString,
  labels,
  annotations: labels,
  tiers: { type: 'object', additionalProperties: tier, propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' } },
  noData: objectOrFalse({ for: duration, severity: nonEmptyString }),
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
        threshold: { type: ['string', 'number'] },
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
  },
};

const service = {
  type: 'object',
  required: ['name', 'slos'],
  additionalProperties: false,
  properties: {
    name,
    labels,
    slos: { type: 'array', items: slo, minItems: 1 },
  },
};

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
  },
} as const;

/** What each pattern means, for error messages a person can act on. */
export const PATTERN_MEANING: Readonly<Record<string, string>> = {
  [NAME_PATTERN]: 'lowercase letters, digits, "-" and "_", starting with a letter or digit',
  [LABEL_NAME_PATTERN]: 'a Prometheus label name: letters, digits and "_", not starting with a digit',
  [DURATION_PATTERN]: 'a Prometheus duration such as "5m", "1h30m" or "30d"',
  '^[A-Za-z][A-Za-z0-9_-]*$': 'letters, digits, "-" and "_", starting with a letter',
};
