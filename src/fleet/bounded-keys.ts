/** Keys a fleet policy keeps local state for, at most (one limit per tenant can mean many). */
export const maxLocalKeys = 10_000;

/**
 * Makes room in `map` for `key`: when it is new and the map is full, the entry set longest ago
 * goes, so local state never grows without end, whatever keys callers give.
 */
export function makeRoomFor(map: Map<string, unknown>, key: string): void {
  if (map.has(key) || map.size < maxLocalKeys) return;
  const oldest = map.keys().next();
  if (oldest.done !== true) map.delete(oldest.value);
}
