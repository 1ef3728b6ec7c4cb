/**
 * What a service's test scenarios ask of one SLO again and again (its alert rules, its
 * recorded labels), computed once per SLO: the last few SLOs' values are kept, so the
 * memory stays bounded however many SLOs a config has. Values are shared: read them only.
 */
const LIMIT = 32;

export function perSloMemo<S extends object, T>(compute: (slo: S) => T): (slo: S) => T {
  const recent = new Map<S, T>();
  return (slo) => {
    if (recent.has(slo)) return recent.get(slo)!;
    const value = compute(slo);
    if (recent.size >= LIMIT) recent.delete(recent.keys().next().value!);
    recent.set(slo, value);
    return value;
  };
}
