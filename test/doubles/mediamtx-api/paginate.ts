export type Page<T> = { itemCount: number; pageCount: number; items: T[] };

// Mirrors MediaMTX's parser: unsigned decimal integers only (strconv.ParseUint), defaults 100 / 0.
function parseCount(raw: string | undefined, fallback: number): number | null {
  if (raw === undefined || raw === '') return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

/**
 * `?itemsPerPage=&page=` as MediaMTX applies them: `itemCount` is the total, `pageCount` is
 * 0 for an empty list, and a page past the end yields no items. Returns an error message for
 * malformed parameters (MediaMTX answers those with 400).
 */
export function paginate<T>(all: T[], itemsPerPageRaw?: string, pageRaw?: string): Page<T> | string {
  const itemsPerPage = parseCount(itemsPerPageRaw, 100);
  const page = parseCount(pageRaw, 0);
  if (itemsPerPage === null || itemsPerPage === 0) return 'invalid items per page';
  if (page === null) return 'invalid page';
  const start = Math.min(page * itemsPerPage, all.length);
  return {
    itemCount: all.length,
    pageCount: Math.ceil(all.length / itemsPerPage),
    items: all.slice(start, start + itemsPerPage),
  };
}
