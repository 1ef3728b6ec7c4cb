/** What the format mappers produce: sloforge SLOs, each with the losses found on the way. */
import type { Labels, SloConfig } from '../config/types.ts';
import { NAME_PATTERN, RESERVED_LABELS } from '../model/conventions.ts';
import type { Loss, SourceRef } from './losses.ts';
import { ImportError, sourcePath } from './losses.ts';

export interface ImportedSlo {
  readonly service: string;
  readonly slo: SloConfig;
  /** Where the SLO is written in its source. */
  readonly origin: { readonly file: string; readonly path: string };
  /** Options of this SLO that did not come across; written as comments beside it. */
  readonly losses: readonly Loss[];
}

export interface Imported {
  readonly slos: readonly ImportedSlo[];
  /** Every loss, including the SLOs that stayed behind (by service, for their comments). */
  readonly dropped: readonly { readonly service: string; readonly loss: Loss }[];
}

/** Collects the losses of one source document. */
export class LossList {
  readonly items: Loss[] = [];
  constructor(readonly source: SourceRef) {}
  add(path: string, message: string, dropsSlo = false): Loss {
    const loss = { file: this.source.file, path: sourcePath(this.source, path), message, dropsSlo };
    this.items.push(loss);
    return loss;
  }
  fail(path: string, problem: string): never {
    throw new ImportError(this.source.file, sourcePath(this.source, path), problem);
  }
}

const NAME = new RegExp(NAME_PATTERN);

/** A name sloforge accepts for a service or SLO: lower case, other characters as `-`; the change is a loss. */
export function sloforgeName(name: string, path: string, losses: LossList): string {
  if (NAME.test(name)) return name;
  const fixed = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 63) || 'imported';
  losses.add(path, `"${name}" is not a sloforge name (${NAME_PATTERN}); imported as "${fixed}", so the service/slo label of its series changes`);
  return fixed;
}

/** The labels sloforge lets a user set; the others are losses. */
export function userLabels(labels: Readonly<Record<string, unknown>> | undefined, path: string, losses: LossList): Labels | undefined {
  if (labels === undefined || labels === null) return undefined;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (RESERVED_LABELS.includes(name)) losses.add(`${path}.${name}`, `label "${name}" is set by sloforge itself (reserved: ${RESERVED_LABELS.join(', ')}); not imported`);
    else kept[name] = String(value);
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** A source's grouping, a metric's own `service` or `slo` label among them (recorded as `exported_service`, `exported_slo`). */
export function importedGroupBy(groupBy: readonly string[] | undefined): string[] | undefined {
  return groupBy && groupBy.length > 0 ? [...groupBy] : undefined;
}

/** An objective in percent, or a failure naming the path: sloforge's 0 < x < 100. */
export function percentObjective(value: unknown, path: string, losses: LossList, scale = 1): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) losses.fail(path, `the objective must be a number, got ${JSON.stringify(value)}`);
  const percent = Number((number * scale).toPrecision(12));
  if (!(percent > 0 && percent < 100)) losses.fail(path, `the objective must be above 0 and below ${scale === 1 ? '100' : '1'}, got ${JSON.stringify(value)}`);
  return percent;
}

/**
 * The budget share, in percent, at which sloforge's tier fires at `factor` over `longWindowSeconds`
 * (factor = share × period / long window). Fifteen significant digits, not the usual twelve: sloforge
 * rounds the factor it derives to twelve, which then gives back the source's factor exactly
 * (100/7 at twelve digits would come back as 0.999999999999).
 */
export function budgetPercentForFactor(factor: number, longWindowSeconds: number, periodSeconds: number): number {
  return Number(((factor * longWindowSeconds * 100) / periodSeconds).toPrecision(15));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
