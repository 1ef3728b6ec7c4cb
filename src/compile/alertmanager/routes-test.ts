/**
 * `routes-test.sh`: the route cases as `amtool config routes test` calls, for a CI job
 * (`sh generated/alertmanager/routes-test.sh`). It stops at the first route that reaches
 * a receiver other than the one the config names.
 */
import type { Model } from '../../model/slo.ts';
import { OUTPUT } from '../../model/conventions.ts';
import type { Artifact } from '../artifact.ts';
import { routeCases } from './route-cases.ts';

export function routesTestScript(model: Model): Artifact[] {
  const cases = routeCases(model);
  if (cases.length === 0) return [];
  const config = OUTPUT.alertmanagerConfig.split('/').pop()!;
  return [
    {
      path: OUTPUT.alertmanagerRoutesTest,
      format: 'shell',
      data: [
        '# Each severity must reach the receiver the config names (amtool from prometheus-alertmanager 0.25 or later).',
        'set -eu',
        'cd "$(dirname "$0")"',
        ...cases.flatMap((c) => [
          `echo ${shellQuote(c.name)}`,
          `amtool config routes test --config.file=${config} --verify.receivers=${shellQuote(c.receiver)} ${Object.entries(c.labels).map(([name, value]) => shellQuote(`${name}=${value}`)).join(' ')}`,
        ]),
      ].join('\n'),
    },
  ];
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_.,:=\/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
