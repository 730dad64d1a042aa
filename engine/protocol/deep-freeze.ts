/**
 * Freezes a JSON value and everything in it. Children are frozen before their parent, so an
 * object frozen here is frozen all the way down, and a frozen object is not walked again.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
