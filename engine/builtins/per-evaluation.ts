/**
 * OPA gives time.now_ns, rand.intn and uuid.rfc4122 one value per query.
 * The host cannot see query boundaries, but evaluate() is synchronous, so a
 * cache that empties itself once the current task yields lasts exactly as
 * long as the evaluation that filled it (plus any evaluations started in the
 * same synchronous run, which is the nearest the host can get).
 */
export function perEvaluation<T>(): (key: string, make: () => T) => T {
  const cache = new Map<string, T>();
  return (key, make) => {
    if (cache.size === 0) queueMicrotask(() => cache.clear());
    let value = cache.get(key);
    if (value === undefined) {
      value = make();
      cache.set(key, value);
    }
    return value;
  };
}
