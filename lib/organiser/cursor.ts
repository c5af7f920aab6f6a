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
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const INTEGER = /^\d{1,12}$/;

export function isValidCursorValue(sort: CursorSort, value: string): boolean {
  switch (sort) {
    case "created":
    case "settled":
      return TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
    case "amount":
      return INTEGER.test(value);
    case "name":
      return value.length <= 400;
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
