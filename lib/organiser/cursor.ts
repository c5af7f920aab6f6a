// Keyset (cursor) pagination: a page link carries the sort key and id of the row it continues from, so every
// page costs the same however deep it is (no OFFSET). The cursor is opaque to users but not secret: it is
// validated strictly on the way back in, because its value is handed to the database.
export type CursorSort = "created" | "settled" | "amount" | "name";

export interface Cursor {
  sort: CursorSort;
  dir: "asc" | "desc";
  /** The sort key of the boundary row, as the database rendered it (text, see queries.ts sortKeyText). */
  value: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What queries.ts renders timestamps as: UTC, microseconds. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const INTEGER = /^\d{1,10}$/;
/** Amounts are Postgres `integer` (int4) paise. */
const MAX_INT4 = 2_147_483_647;

/** A real instant the database can hold: years 0001–9999 (Postgres has no year 0) and a date that exists. */
function isTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  // Date.UTC rolls "February 30" over into March; a real date comes back unchanged.
  const d = new Date(Date.UTC(year, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function isValidCursorValue(sort: CursorSort, value: string): boolean {
  switch (sort) {
    case "created":
    case "settled":
      return isTimestamp(value);
    case "amount":
      return INTEGER.test(value) && Number(value) <= MAX_INT4;
    case "name":
      // Postgres text holds no NUL and no lone surrogate.
      return value.length <= 400 && !value.includes("\u0000") && value.isWellFormed();
  }
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.dir, c.value, c.id]), "utf8").toString("base64url");
}

export function decodeCursor(text: string): Cursor | null {
  if (text.length > 1200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(data) || data.length !== 4) return null;
  const [sort, dir, value, id] = data as unknown[];
  if (sort !== "created" && sort !== "settled" && sort !== "amount" && sort !== "name") return null;
  if (dir !== "asc" && dir !== "desc") return null;
  if (typeof value !== "string" || typeof id !== "string" || !UUID.test(id)) return null;
  if (!isValidCursorValue(sort, value)) return null;
  return { sort, dir, value, id: id.toLowerCase() };
}
