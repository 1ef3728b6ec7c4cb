/**
 * An SLO's group labels on both sides of its base rules: as the SLI's own series spell
 * them, and as sloforge's recorded series and alerts carry them. They differ only for a
 * metric's own `service` or `slo` label, which sloforge's identity labels would overwrite.
 */
import type { Slo } from './slo.ts';
import { recordedGroupLabel } from './conventions.ts';
import { compareCodePoints } from './order.ts';

export interface GroupLabel {
  /** On the SLI's own series. */
  readonly source: string;
  /** On sloforge's series and alerts. */
  readonly recorded: string;
}

/** The labels the SLI's own series are summed by, in the order of `slo.groupBy`. */
export function sourceGroupBy(slo: Pick<Slo, 'groupBy' | 'sourceGroupBy'>): readonly string[] {
  return slo.sourceGroupBy ?? slo.groupBy;
}

export function groupLabels(slo: Pick<Slo, 'groupBy' | 'sourceGroupBy'>): GroupLabel[] {
  const source = sourceGroupBy(slo);
  return slo.groupBy.map((recorded, i) => ({ source: source[i]!, recorded }));
}

/** The model's two lists from the labels a config groups by: recorded names sorted, the source list only where it differs. */
export function groupByOfSource(labels: readonly string[]): Pick<Slo, 'groupBy' | 'sourceGroupBy'> {
  const pairs = labels.map((source) => ({ source, recorded: recordedGroupLabel(source) })).sort((a, b) => compareCodePoints(a.recorded, b.recorded));
  const groupBy = pairs.map((p) => p.recorded);
  return pairs.some((p) => p.source !== p.recorded) ? { groupBy, sourceGroupBy: pairs.map((p) => p.source) } : { groupBy };
}
