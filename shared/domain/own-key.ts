/**
 * The value a lookup table holds for a key from the outside world (a URL, a form, a row), or
 * undefined: only the table's own entries count, so « __proto__ », « constructor » or
 * « toString » find nothing instead of Object.prototype's members (issue 14: they answered 500).
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}
