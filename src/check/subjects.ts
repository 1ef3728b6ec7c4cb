/**
 * What the live check asks about, read off the model: every selector the generated
 * rules read, with its config path and how the rules use it.
 */
import type { Model, Selector, Service, Slo } from '../model/slo.ts';
import { RAW_WINDOW_PLACEHOLDER } from '../model/conventions.ts';
import { expressionSelectors } from './expression-selectors.ts';
import { alertPath, sloPath } from './paths.ts';

/**
 * - counter: the rules take rate() of it.
 * - histogram: a classic histogram; the rules read `_bucket` and `_count`.
 * - zeroToOne: an uptime gauge, averaged as the share of time it is 1.
 * - any: only its existence matters.
 */
export type Use = 'counter' | 'histogram' | 'zeroToOne' | 'any';

export interface Subject {
  /** Config path of the selector. */
  readonly path: string;
  readonly selector: Selector;
  readonly use: Use;
  /** A latency SLI's threshold and its config path: it must be one of the histogram's buckets. */
  readonly threshold?: { readonly seconds: number; readonly path: string };
}

export function checkSubjects(model: Model): Subject[] {
  return model.services.flatMap((service) => [...service.slos.flatMap(sloSubjects), ...alertSubjects(service)]);
}

function sloSubjects(slo: Slo): Subject[] {
  const sli = slo.sli;
  const at = (...rest: (string | number)[]) => sloPath(slo, 'sli', ...rest);
  switch (sli.kind) {
    case 'ratio':
      return [
        { path: at('ratio', sli.events), selector: sli.selector, use: 'counter' },
        { path: at('ratio', 'total'), selector: sli.total, use: 'counter' },
      ];
    case 'latency':
      return [{ path: at('latency', 'histogram'), selector: sli.histogram, use: 'histogram', threshold: { seconds: sli.thresholdSeconds, path: at('latency', 'threshold') } }];
    case 'uptime':
      return [{ path: at('uptime', 'gauge'), selector: sli.gauge, use: 'zeroToOne' }];
    case 'raw':
      return inExpression(sli.errorRatio.replaceAll(RAW_WINDOW_PLACEHOLDER, '5m'), at('raw', 'errorRatio'));
  }
}

function alertSubjects(service: Service): Subject[] {
  return service.alerts.flatMap((alert, index): Subject[] => {
    const at = (...rest: (string | number)[]) => alertPath(service, index, ...rest);
    const condition = alert.condition;
    switch (condition.kind) {
      case 'errorRate':
        return [
          { path: at('errorRate', 'errors'), selector: condition.errors, use: 'counter' },
          { path: at('errorRate', 'total'), selector: condition.total, use: 'counter' },
        ];
      case 'latency':
        return [{ path: at('latency', 'histogram'), selector: condition.histogram, use: 'histogram' }];
      case 'saturation':
        return [
          { path: at('saturation', 'used'), selector: condition.used, use: 'any' },
          ...(typeof condition.capacity === 'number' ? [] : [{ path: at('saturation', 'capacity'), selector: condition.capacity, use: 'any' as const }]),
        ];
      case 'freshness':
        return [{ path: at('freshness', 'timestamp'), selector: condition.timestamp, use: 'any' }];
      case 'expr':
        return inExpression(condition.expr, at('expr'));
      // The others read series sloforge's own scrape and probe jobs produce.
      case 'serviceDown':
      case 'diskFull':
      case 'probeFailed':
      case 'probeSlow':
        return [];
    }
  });
}

function inExpression(expression: string, path: string): Subject[] {
  return expressionSelectors(expression).map(({ selector, asCounter }) => ({ path, selector, use: asCounter ? 'counter' : 'any' }));
}
