/**
 * What a service's test scenarios ask of one SLO again and again (its alert rules, its
 * recorded labels), computed once per SLO: the last few SLOs' values are kept, so the
 * memory stays bounded however many SLOs a config has. Values are shared: read them only.
 */
import { RecentValues } from '../../model/recent-values.ts';

export function perSloMemo<S extends object, T>(compute: (slo: S) => T): (slo: S) => T {
  const recent = new RecentValues<S, T>(32);
  return (slo) => recent.get(slo, () => compute(slo));
}
