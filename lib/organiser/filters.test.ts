import { describe, expect, it } from "vitest";
import { encodeCursor } from "./cursor";
import { DEFAULT_LIMIT, filterToParams, formatIndiaInput, hasAnyFilter, parseIndiaDate, parseListParams, viewToParams } from "./filters";

const parse = (q: string) => parseListParams(new URLSearchParams(q));

describe("parseListParams", () => {
  it("no parameters: every payment, newest first, 50 a page", () => {
    const { view, errors } = parse("");
    expect(errors).toEqual({});
    expect(view).toEqual({ filter: { status: [], flagged: false }, sort: "created", dir: "desc", limit: DEFAULT_LIMIT });
    expect(hasAnyFilter(view.filter)).toBe(false);
  });

  it("reads every filter", () => {
    const { view, errors } = parse(
      "event=code-sprint&status=pending&status=flagged&kind=solo&from=2026-11-01&to=2026-11-27&pendingOver=30&flagged=on" +
        "&q=%20Asha%20%20Attendee%20&sort=amount&dir=asc&limit=100",
    );
    expect(errors).toEqual({});
    expect(view.filter).toEqual({
      event: "code-sprint",
      status: ["pending", "flagged"],
      kind: "solo",
      from: new Date("2026-10-31T18:30:00Z"),
      to: new Date("2026-11-27T18:30:00Z"),
      pendingOverMinutes: 30,
      flagged: true,
      q: "Asha Attendee",
    });
    expect(view).toMatchObject({ sort: "amount", dir: "asc", limit: 100 });
    expect(hasAnyFilter(view.filter)).toBe(true);
  });

  it("accepts statuses comma-separated, de-duplicated, in a fixed order", () => {
    expect(parse("status=failed,pending&status=failed").view.filter.status).toEqual(["pending", "failed"]);
  });

  it("a record of what was typed, and a message per invalid parameter, which is left out", () => {
    const { view, errors, raw } = parse(
      "event=Robo%20Wars!&status=paid&kind=duo&from=2026-02-30&to=yesterday&pendingOver=-5&sort=price&dir=up&limit=5000",
    );
    expect(Object.keys(errors).sort()).toEqual(["dir", "event", "from", "kind", "limit", "pendingOver", "sort", "status", "to"]);
    expect(view).toEqual({ filter: { status: [], flagged: false }, sort: "created", dir: "desc", limit: DEFAULT_LIMIT });
    expect(raw.from).toBe("2026-02-30");
    expect(raw.status).toEqual(["paid"]);
  });

  it("pending for more than 0 minutes means every pending attempt; a year is the most", () => {
    expect(parse("pendingOver=0").view.filter.pendingOverMinutes).toBe(0);
    expect(parse("pendingOver=525600").view.filter.pendingOverMinutes).toBe(525_600);
    expect(parse("pendingOver=525601").errors.pendingOver).toBeDefined();
    expect(parse("pendingOver=1.5").errors.pendingOver).toBeDefined();
  });

  it("an end before the start is refused", () => {
    const { view, errors } = parse("from=2026-11-27&to=2026-11-01");
    expect(errors.to).toMatch(/before the start/);
    expect(view.filter.to).toBeUndefined();
  });

  it("searches are trimmed, control characters dropped, and capped", () => {
    expect(parse("q=%00abc%1F%0Adef").view.filter.q).toBe("abc def");
    expect(parse("q=%20%20").view.filter.q).toBeUndefined();
    const long = parse(`q=${"x".repeat(101)}`);
    expect(long.errors.q).toBeDefined();
    expect(long.view.filter.q).toBeUndefined();
  });

  it("name sorts A→Z by default; the other sorts newest/largest first", () => {
    expect(parse("sort=name").view.dir).toBe("asc");
    expect(parse("sort=settled").view.dir).toBe("desc");
  });

  it("takes a record of strings too (Next's searchParams)", () => {
    const { view } = parseListParams({ status: ["success", "failed"], q: "x", flagged: "1", ignored: undefined });
    expect(view.filter).toMatchObject({ status: ["success", "failed"], q: "x", flagged: true });
  });

  it("a page number rides along with its cursor, and means nothing without one", () => {
    const c = encodeCursor({
      sort: "created",
      dir: "desc",
      value: "2026-11-20T06:30:00.000000Z",
      id: "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d",
    });
    expect(parse(`after=${c}&page=3`).view.page).toBe(3);
    expect(parse("page=3").view.page).toBeUndefined();
    expect(parse("page=3").errors).toEqual({});
    expect(parse(`after=${c}&page=0`).errors.page).toBe("Page: a whole number from 1.");
    expect(parse(`after=${c}&page=x`).errors.page).toBe("Page: a whole number from 1.");
    const view = parse("status=success").view;
    const cursor = parse(`after=${c}`).view.after!;
    expect(viewToParams(view, { after: cursor, page: 4 }).toString()).toBe(`status=success&after=${c}&page=4`);
    expect(viewToParams(view, { page: 4 }).toString()).toBe("status=success");
  });

  it("cursor parameters: one direction at a time, for this sort", () => {
    const c = encodeCursor({
      sort: "created",
      dir: "desc",
      value: "2026-11-20T06:30:00.000000Z",
      id: "7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d",
    });
    expect(parse(`after=${c}`).view.after?.id).toBe("7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d");
    expect(parse(`before=${c}`).view.before?.id).toBe("7d1f0c8e-3a41-4c8e-9d4b-2f8e6a1b0c3d");
    expect(parse(`after=${c}&before=${c}`).errors.cursor).toBeDefined();
    expect(parse(`after=${c}&dir=asc`).errors.cursor).toMatch(/another sort/);
    expect(parse("after=garbage").errors.cursor).toMatch(/not valid/);
  });
});

describe("India dates", () => {
  it("a date is that day in IST; a date-time is that minute in IST", () => {
    expect(parseIndiaDate("2026-11-27")).toEqual(new Date("2026-11-26T18:30:00Z"));
    expect(parseIndiaDate("2026-11-27", true)).toEqual(new Date("2026-11-27T18:30:00Z"));
    expect(parseIndiaDate("2026-11-27T15:04")).toEqual(new Date("2026-11-27T09:34:00Z"));
    expect(parseIndiaDate("2026-11-27T15:04:05")).toEqual(new Date("2026-11-27T09:34:05Z"));
    for (const bad of ["2026-13-01", "2026-02-29", "27/11/2026", "2026-11-27T24:00", "1999-01-01", "2026-11-27Z", ""]) {
      expect(parseIndiaDate(bad), bad).toBeUndefined();
    }
    expect(parseIndiaDate("2028-02-29")).toBeDefined();
  });

  it("formatIndiaInput is the inverse, so filters survive a trip through the URL", () => {
    expect(formatIndiaInput(new Date("2026-11-26T18:30:00Z"))).toBe("2026-11-27");
    expect(formatIndiaInput(new Date("2026-11-27T18:30:00Z"), true)).toBe("2026-11-27");
    expect(formatIndiaInput(new Date("2026-11-27T09:34:00Z"))).toBe("2026-11-27T15:04");
    const original = parse(
      "event=quiz-bowl&status=success&kind=team&from=2026-11-01T09:15&to=2026-11-27&pendingOver=20&flagged=1&q=ab%26c&sort=name&dir=desc&limit=25",
    );
    const again = parseListParams(viewToParams(original.view));
    expect(again.errors).toEqual({});
    expect(again.view).toEqual(original.view);
    expect(filterToParams(original.view.filter).toString()).toBe(
      "q=ab%26c&event=quiz-bowl&status=success&kind=team&from=2026-11-01T09%3A15&to=2026-11-27&pendingOver=20&flagged=1",
    );
  });
});
