/**
 * A value now, or later. The auth endpoint's decisions are almost always answered from memory
 * (internal users, verified tokens, the directory and bind caches); keeping those steps free of
 * promises spares each decision several microtask hops, which on the endpoint's profile cost more
 * than the lookups themselves. Only what really waits (LDAP, argon2, the store) returns a promise.
 */
export type Maybe<T> = T | Promise<T>;

/**
 * next(value), at once when the value is already there, else once it is. Not named `then`: a
 * module exporting `then` is a thenable, which `await import()` would call.
 */
export function andThen<T, R>(value: Maybe<T>, next: (value: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
