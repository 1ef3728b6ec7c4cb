/**
 * The values of the last `limit` keys computed: a large config asks for the same ones
 * again and again (SLOs of one objective and tiers), and the memory stays bounded however
 * many keys it has. Values are shared between callers: read them only.
 */
export class RecentValues<K, V> {
  readonly #values = new Map<K, V>();

  constructor(readonly limit: number) {}

  get(key: K, compute: () => V): V {
    if (this.#values.has(key)) return this.#values.get(key)!;
    const value = compute();
    if (this.#values.size >= this.limit) this.#values.delete(this.#values.keys().next().value!);
    this.#values.set(key, value);
    return value;
  }
}
