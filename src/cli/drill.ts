/** `sloforge drill --alertmanager URL`: a synthetic alert per severity through a running Alertmanager, its receiver checked. */
import { load } from '../generate.ts';
import { alertmanagerApi } from '../drill/alertmanager-api.ts';
import { defaultHoldMs, drill, drillCases, formatDrill } from '../drill/drill.ts';
import { askingServer } from './server-flags.ts';

export interface DrillCommandOptions {
  readonly config: string;
  readonly alertmanager: string;
  readonly severity: string | undefined;
  readonly service: string | undefined;
  readonly timeoutSeconds: number;
  /** Undefined: the slowest drilled route's group_wait and a margin. */
  readonly holdSeconds: number | undefined;
}

type Output = Pick<NodeJS.WriteStream, 'write'>;

/** 0 when every route reaches its receiver, 1 when one does not or Alertmanager cannot be asked, 2 for a filter the config does not know. */
export async function runDrill(options: DrillCommandOptions, out: Output, err: Output): Promise<number> {
  const model = await load(options.config);
  if (!model.routing) {
    err.write('sloforge drill: the config has no "alertmanager" section, so no route to drill\n');
    return 1;
  }
  const levels = model.routing.severities.map((s) => s.name);
  const services = model.services.map((s) => s.name);
  if (options.severity !== undefined && !levels.includes(options.severity)) {
    err.write(`sloforge drill: --severity "${options.severity}" is not one of alertmanager.severities (${levels.join(', ')})\n`);
    return 2;
  }
  if (options.service !== undefined && !services.includes(options.service)) {
    err.write(`sloforge drill: --service "${options.service}" is not a service of the config (${services.join(', ')})\n`);
    return 2;
  }
  const cases = drillCases(model, options);
  if (cases.length === 0) return 0;
  const holdMs = options.holdSeconds === undefined ? defaultHoldMs(model, cases) : options.holdSeconds * 1000;
  const api = alertmanagerApi(options.alertmanager, options.timeoutSeconds * 1000);
  return askingServer('drill', 'The drill did not finish: no route was proven.', err, async () => {
    const results = await drill(model, api, { severity: options.severity, service: options.service, waitMs: options.timeoutSeconds * 1000, holdMs, now: Date.now() });
    out.write(formatDrill(results, options.alertmanager, holdMs));
    return results.every((r) => r.ok) ? 0 : 1;
  });
}
