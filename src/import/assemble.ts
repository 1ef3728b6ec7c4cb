/**
 * The source documents → one sloforge config. Each SLO is validated on its own before it
 * joins: one sloforge refuses stays behind as a loss with sloforge's reason, so what is
 * written always validates.
 */
import { ConfigError, formatDiagnostic } from '../config/diagnostics.ts';
import type { ServiceConfig, SloConfig, SloforgeConfig } from '../config/types.ts';
import { validateConfig } from '../config/validate.ts';
import { detect, type SourceFormat } from './detect.ts';
import type { Imported } from './imported.ts';
import { ImportError, type Loss, sourcePath } from './losses.ts';
import { importOpenSlo, type OpenSloDocument } from './openslo.ts';
import { importPyrra } from './pyrra.ts';
import type { SourceDocument } from './read.ts';
import { importSloth } from './sloth.ts';

export interface ImportedConfig {
  readonly config: SloforgeConfig;
  /** Comments to write before an SLO or a service object of `config`. */
  readonly comments: ReadonlyMap<object, readonly string[]>;
  readonly losses: readonly Loss[];
  readonly imported: number;
  readonly dropped: number;
  /** The formats the documents were in, in the order first seen. */
  readonly formats: readonly SourceFormat[];
  /** Source files, in the order read. */
  readonly files: readonly string[];
}

export function assemble(documents: readonly SourceDocument[]): ImportedConfig {
  const results: Imported[] = [];
  const openslo: OpenSloDocument[] = [];
  const formats = new Set<SourceFormat>();
  for (const { source, content } of documents) {
    const detection = detect(content);
    if ('problem' in detection) throw new ImportError(source.file, sourcePath(source, detection.path || '(document)'), detection.problem);
    const document = content as Record<string, unknown>;
    formats.add(detection.format === 'sloth-crd' ? 'sloth' : detection.format);
    if (detection.format === 'sloth' || detection.format === 'sloth-crd') results.push(importSloth(document, source, detection.format === 'sloth-crd'));
    else if (detection.format === 'pyrra') results.push(importPyrra(document, source));
    else openslo.push({ document, source });
  }
  if (openslo.length > 0) results.push(importOpenSlo(openslo));

  const services = new Map<string, { slos: SloConfig[]; notes: string[] }>();
  const serviceOf = (name: string) => services.get(name) ?? services.set(name, { slos: [], notes: [] }).get(name)!;
  const comments = new Map<object, string[]>();
  const losses: Loss[] = [];
  let dropped = 0;
  const drop = (service: string, loss: Loss) => {
    losses.push(loss);
    serviceOf(service).notes.push(comment(loss));
    dropped++;
  };
  for (const result of results) {
    for (const { service, loss } of result.dropped) drop(service, loss);
    for (const { service, slo, origin, losses: sloLosses } of result.slos) {
      if (serviceOf(service).slos.some((other) => other.name === slo.name)) {
        drop(service, { ...origin, message: `a second SLO "${slo.name}" in service "${service}"; sloforge needs SLO names unique within a service`, dropsSlo: true });
        continue;
      }
      const refusal = refused(service, slo);
      // A loss of the service (its name, its labels) is shared by its SLOs: reported once.
      losses.push(...sloLosses.filter((loss) => !losses.includes(loss)));
      if (refusal) {
        drop(service, { ...origin, message: `sloforge refuses the imported SLO:\n${refusal}`, dropsSlo: true });
        continue;
      }
      serviceOf(service).slos.push(slo);
      if (sloLosses.length > 0) comments.set(slo, sloLosses.map(comment));
    }
  }
  const config: SloforgeConfig = {
    services: [...services].map(([name, { slos, notes }]) => {
      const service: ServiceConfig = { name, slos };
      if (notes.length > 0) comments.set(service, notes);
      return service;
    }),
  };
  return { config, comments, losses, imported: [...services.values()].reduce((n, s) => n + s.slos.length, 0), dropped, formats: [...formats], files: [...new Set(documents.map((d) => d.source.file))] };
}

function comment(loss: Loss): string {
  return `sloforge import: ${loss.message}${loss.dropsSlo ? ' (SLO not imported)' : ''} [${loss.file}: ${loss.path}]`;
}

/** sloforge's diagnostics for the SLO alone, or undefined when it validates. */
function refused(service: string, slo: SloConfig): string | undefined {
  try {
    validateConfig({ services: [{ name: service, slos: [slo] }] }, 'imported');
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.diagnostics.map(formatDiagnostic).join('\n');
  }
}
