// Property-based fuzzing over real HTTP: more than 10,000 generated requests (fast-check arbitraries, a printed
// seed, a fixed count) to the gateway's return and the JSON APIs: random bytes, truncated and bit-flipped
// genuine gateway messages, huge fields, wrong JSON types, wrong content types, oversized bodies, duplicate
// keys. The property: never a 5xx, always a clear 4xx (JSON {error:{code,message}} from the JSON APIs), and
// the fuzzing user's state is exactly as before. Every generated request is invalid by construction (checked by
// rules written here, independent of the app's own schemas), so a 2xx/3xx is a finding too.
// Replay a run with FUZZ_SEED=<seed>; scale it with FUZZ_SCALE (default 1).
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { buildReturnMessage, encodeReturnForm } from "../lib/atompay/gateway";
import { type AtomPayConfig, sandboxUrls, UAT_TEST_MERCHANT } from "../lib/atompay/index";
import { bearer, E2E_PORT, newAttendee } from "./helpers";
import { loopback, net } from "./net";

const CONFIG: AtomPayConfig = { env: "sandbox", ...UAT_TEST_MERCHANT, ...sandboxUrls(`http://127.0.0.1:${E2E_PORT}`) };
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const CONCURRENCY = 8;

const UNKNOWN_INVITATION = "/api/invitations/00000000-0000-4000-8000-000000000000/accept";
type Route =
  | "/api/response"
  | "/api/atompay"
  | "/api/teams"
  | "/api/token"
  | "/api/users"
  | "/api/basket"
  | "/api/sign-in-link"
  | "/api/verify-email"
  | typeof UNKNOWN_INVITATION;
const RUNS: Record<Route, number> = {
  "/api/response": 3700,
  "/api/atompay": 1800,
  "/api/teams": 1700,
  "/api/token": 1500,
  "/api/users": 1000,
  "/api/basket": 400,
  "/api/sign-in-link": 150,
  "/api/verify-email": 250,
  [UNKNOWN_INVITATION]: 100,
};
// Password reset is left out on purpose: its per-address limit is shared by every spec running from 127.0.0.1.
const JSON_APIS: Route[] = [
  "/api/atompay",
  "/api/teams",
  "/api/token",
  "/api/users",
  "/api/basket",
  "/api/sign-in-link",
  "/api/verify-email",
  UNKNOWN_INVITATION,
];

interface Case {
  route: Route;
  kind: string;
  contentType: string | null;
  body: string | Uint8Array;
  auth: "fuzzer" | "none" | "garbage";
  /** Which fuzzing user's bearer token, when auth is "fuzzer" (modulo their number). */
  who?: number;
  /** Extra headers (the gateway's return: browser navigation vs server callback). */
  headers?: Record<string, string>;
  /**
   * The one valid request kind: a sign-up with a taken email must be answered exactly as a new one (202), and
   * change nothing about the account.
   */
  accepted?: true;
}

const FUZZERS = 3;
interface Fuzzer {
  email: string;
  password: string;
  anweshaId: string;
  auth: Record<string, string>;
  merchTxnId: string;
}

// ---------- building blocks ----------

const SLUGS = ["code-sprint", "solo-singing", "robo-wars", "quiz-bowl", "treasure-hunt"] as const;
const SOLO_OPEN = new Set(["code-sprint", "solo-singing"]);
const SENTINELS = new Set(["cancelTransaction", "sessionTimeout"]);

const big = (min: number, max: number) =>
  fc
    .tuple(fc.constantFrom("A", "é", "0", " ", "\u0000", "🙂", "%", "\\", '"'), fc.integer({ min, max }))
    .map(([c, n]) => c.repeat(Math.ceil(n / c.length)));

/** Nasty strings: any code units (NUL, lone surrogates), injection classics, near-misses of real values. */
const nasty = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "\u0000",
      "a\u0000b",
      "code-sprint\u0000",
      "\ud800",
      "null",
      "undefined",
      "NaN",
      "true",
      "[]",
      "{}",
      "__proto__",
      "constructor",
      "<script>alert(1)</script>",
      "' OR 1=1 --",
      "'); DROP TABLE payments; --",
      "../../etc/passwd",
      "%00",
      "%ZZ",
      "\r\nSet-Cookie: x=1",
      "ＣＯＤＥ-ＳＰＲＩＮＴ",
      "CODE-SPRINT",
      "code_sprint",
      "code-sprint-",
      "00000000-0000-0000-0000-000000000000",
      "ANW-000000",
      "🙂🙂🙂",
    ),
  },
  { weight: 1, arbitrary: big(81, 15_000) },
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);
const anyValue = fc.oneof(nasty, wrongType, fc.jsonValue({ maxDepth: 3 }));

const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/json-patch+json"];
const OTHER_TYPES = [
  null,
  "",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "text/json",
  "application/jsonx",
  "application/octet-stream",
  "json",
];
const jsonType = fc.constantFrom(...JSON_TYPES);
const otherType = fc.constantFrom(...OTHER_TYPES);
const authMix = fc.constantFrom<Case["auth"]>(
  "fuzzer",
  "fuzzer",
  "fuzzer",
  "fuzzer",
  "fuzzer",
  "fuzzer",
  "fuzzer",
  "fuzzer",
  "none",
  "garbage",
);

/** A JSON text with `key` twice: a harmless first value, then `last` (JSON.parse keeps the last). */
function duplicateKeys(obj: Record<string, unknown>, key: string, first: unknown, last: unknown): string {
  const rest = Object.entries(obj)
    .filter(([k]) => k !== key)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return `{${[`${JSON.stringify(key)}:${JSON.stringify(first)}`, ...rest, `${JSON.stringify(key)}:${JSON.stringify(last)}`].join(",")}}`;
}

/** Shapes of body common to the JSON APIs, around a generator of (invalid) objects for that route. */
function jsonBodies(
  route: Route,
  objects: fc.Arbitrary<Record<string, unknown>>,
  dup: fc.Arbitrary<string>,
  headers: fc.Arbitrary<Record<string, string> | undefined> = fc.constant(undefined),
): fc.Arbitrary<Case> {
  const mk = (kind: string, contentType: fc.Arbitrary<string | null>, body: fc.Arbitrary<string | Uint8Array>) =>
    fc.record({ contentType, body, auth: authMix, who: fc.nat({ max: 1_000 }), headers }).map((r) => ({ route, kind, ...r }) as Case);
  return fc.oneof(
    {
      weight: 50,
      arbitrary: mk(
        "invalid object",
        jsonType,
        objects.map((o) => JSON.stringify(o)),
      ),
    },
    {
      weight: 7,
      arbitrary: mk(
        "JSON that is not an object",
        jsonType,
        fc.oneof(wrongType, fc.string({ maxLength: 30 })).map((v) => JSON.stringify(v)),
      ),
    },
    {
      weight: 8,
      arbitrary: mk(
        "malformed JSON",
        jsonType,
        fc.oneof(
          objects.chain((o) => {
            const text = JSON.stringify(o);
            return fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n));
          }),
          fc.string({ unit: "binary", maxLength: 200 }).filter((s) => !isJson(s)),
          fc.constantFrom("{", "{'eventSlug':'code-sprint'}", '{"a":1,}', "NaN", "undefined", '{"__proto__":', "\ufeff{}"),
        ),
      ),
    },
    { weight: 7, arbitrary: mk("random bytes", fc.oneof(jsonType, otherType), fc.uint8Array({ maxLength: 2048 })) },
    { weight: 8, arbitrary: mk("duplicate keys", jsonType, dup) },
    {
      weight: 8,
      arbitrary: mk(
        "wrong content type",
        otherType,
        objects.map((o) => JSON.stringify(o)),
      ),
    },
    {
      weight: 4,
      arbitrary: mk(
        "oversized body",
        jsonType,
        fc.integer({ min: 16 * 1024 + 1, max: 200_000 }).map((n) => JSON.stringify({ eventSlug: "x".repeat(n) })),
      ),
    },
    {
      weight: 3,
      arbitrary: mk(
        "invalid UTF-8",
        jsonType,
        fc
          .uint8Array({ minLength: 1, maxLength: 64 })
          .map((b) => Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(b), Buffer.from('"}')])),
      ),
    },
  );
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

const hex = (maxLength: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), maxLength });
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);

// ---------- per-route generators ----------

/**
 * A valid-looking template with one or two of its fields replaced by something nasty or removed: most bodies get
 * past the JSON parse and exercise the validation and the code behind it, not only the parser.
 */
function mutated(
  template: fc.Arbitrary<Record<string, unknown>>,
  replacements: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(replacements);
  const edit = fc.tuple(
    fc.constantFrom(...keys),
    fc.oneof({ weight: 5, arbitrary: fc.constant("replace") }, { weight: 1, arbitrary: fc.constant("remove") }),
  );
  return fc.tuple(template, fc.array(edit, { minLength: 1, maxLength: 2 })).chain(([base, edits]) =>
    fc
      .tuple(
        ...edits.map(([k, how]) =>
          how === "remove" ? fc.constant([k, undefined] as const) : replacements[k]!.map((v) => [k, v] as const),
        ),
      )
      .map((pairs) => {
        const out: Record<string, unknown> = { ...base };
        for (const [k, v] of pairs) {
          if (v === undefined) delete out[k];
          // defineProperty: a "__proto__" key stays a key of the JSON object.
          else Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        }
        return out;
      }),
  );
}

/** POST /api/atompay: never a valid start (an open solo event without a team would start or reuse an attempt). */
function atompayCases(): fc.Arbitrary<Case> {
  const template = fc.record({ eventSlug: fc.constantFrom<unknown>(...SLUGS), teamId: fc.uuid() });
  const object = fc
    .oneof(
      {
        weight: 4,
        arbitrary: mutated(template, {
          eventSlug: anyValue,
          teamId: anyValue,
          amount: anyValue,
          amountPaise: anyValue,
          ["__proto__"]: anyValue,
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record(
          { eventSlug: fc.oneof(fc.constantFrom<unknown>(...SLUGS), anyValue), teamId: fc.oneof(fc.uuid(), anyValue) },
          { requiredKeys: [] },
        ),
      },
    )
    // An open solo event without a teamId is a valid start (or reuses the pending attempt): never sent.
    .filter((o) => !(SOLO_OPEN.has(trimmed(o.eventSlug) as string) && o.teamId === undefined));
  const dup = fc
    .tuple(
      fc.constantFrom(...SOLO_OPEN),
      anyValue.filter((v) => !SOLO_OPEN.has(trimmed(v) as string)),
    )
    .map(([first, last]) => duplicateKeys({}, "eventSlug", first, last));
  return jsonBodies("/api/atompay", object, dup);
}

/**
 * POST /api/teams: the first fuzzing user is already captain of a team in every open team event (set up below), so
 * no request can form a team or invite anyone: each valid-looking one is a 409, the rest 4xx.
 */
function teamsCases(f: Fuzzer): fc.Arbitrary<Case> {
  const someone = fc.oneof(
    fc.emailAddress(),
    fc.string({ minLength: 3, maxLength: 30 }),
    fc.constantFrom(f.email, f.anweshaId, f.email.toUpperCase(), ` ${f.anweshaId} `),
  );
  const template = fc.record({
    eventSlug: fc.constantFrom<unknown>("robo-wars", "quiz-bowl", "robo-wars", "quiz-bowl", ...SLUGS),
    name: fc.string({ minLength: 2, maxLength: 60 }).filter((n) => n.trim().length >= 2),
    members: fc.array(someone, { minLength: 1, maxLength: 4 }),
  });
  const member = fc.oneof(nasty, someone, wrongType);
  const object = fc.oneof(
    { weight: 2, arbitrary: template },
    {
      weight: 5,
      arbitrary: mutated(template, {
        eventSlug: anyValue,
        name: anyValue,
        members: fc.oneof(
          anyValue,
          fc.array(member, { maxLength: 25 }),
          fc.array(
            nasty.filter((m) => typeof m === "string" && m.trim().length >= 3),
            { minLength: 1, maxLength: 3 },
          ),
        ),
      }),
    },
  );
  const dup = fc
    .tuple(fc.constantFrom(...SLUGS), anyValue)
    .map(([first, last]) => duplicateKeys({ name: "Dup team", members: [] }, "eventSlug", first, last));
  // Always as the first fuzzing user, who is in a team for every open team event already.
  return jsonBodies("/api/teams", object, dup).map((c) => ({ ...c, who: 0 }));
}

/** POST /api/basket: never a real open event's slug, so nothing is ever added. */
function basketCases(): fc.Arbitrary<Case> {
  const open = new Set(["code-sprint", "solo-singing", "robo-wars", "quiz-bowl"]);
  const object = mutated(fc.record({ eventSlug: fc.constantFrom<unknown>("treasure-hunt", "no-such-event") }), {
    eventSlug: anyValue,
  }).filter((o) => !(typeof o.eventSlug === "string" && open.has(o.eventSlug.trim())));
  const dup = fc
    .tuple(
      fc.constantFrom("code-sprint"),
      anyValue.filter((v) => !(typeof v === "string" && open.has(v.trim()))),
    )
    .map(([first, last]) => duplicateKeys({}, "eventSlug", first, last));
  return jsonBodies("/api/basket", object, dup);
}

/** POST /api/invitations/{unknown}/accept: whatever the body, an invitation nobody has is "not found". */
function acceptCases(): fc.Arbitrary<Case> {
  return jsonBodies(
    UNKNOWN_INVITATION,
    fc.dictionary(fc.string({ maxLength: 10 }), anyValue, { maxKeys: 3 }),
    fc.constant('{"a":1,"a":2}'),
  );
}

/** POST /api/sign-in-link: never an email address (by a rule written here), so nothing is mailed: 4xx (or 429). */
function signInLinkCases(): fc.Arbitrary<Case> {
  const notAnEmail = (e: unknown) => typeof e !== "string" || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e.trim());
  const object = mutated(fc.record({ email: fc.emailAddress() }), { email: anyValue }).filter((o) => notAnEmail(o.email));
  return jsonBodies("/api/sign-in-link", object, fc.constant('{"email":"a@b.c","email":7}'));
}

/** POST /api/verify-email: no generated token carries our signature, so none confirms anything: 400 or 422. */
function verifyEmailCases(): fc.Arbitrary<Case> {
  const token = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.tuple(fc.base64String({ maxLength: 120 }), fc.base64String({ maxLength: 60 })).map(([a, b]) => `${a}.${b}`),
    big(501, 4000),
  );
  const object = mutated(fc.record({ token }), { token: fc.oneof(anyValue, token) });
  return jsonBodies("/api/verify-email", object, fc.constant('{"token":"a.b","token":1}'));
}

/** POST /api/token: never the real password; the fuzzer's own email appears only in a few fixed cases (below). */
function tokenCases(f: Fuzzer): fc.Arbitrary<Case> {
  const notOurs = (e: unknown) => typeof e !== "string" || !e.toLowerCase().includes(f.email.toLowerCase());
  const template = fc.record({ email: fc.emailAddress(), password: fc.string({ minLength: 1, maxLength: 40 }) });
  const object = mutated(template, { email: anyValue, password: anyValue }).filter((o) => notOurs(o.email) && o.password !== f.password);
  const dup = fc.tuple(fc.emailAddress(), anyValue).map(([first, last]) => duplicateKeys({ password: "x" }, "email", first, last));
  return jsonBodies("/api/token", object, dup);
}

/**
 * POST /api/users: at least one field is invalid (by rules written here, not the app's schema); or every field is
 * valid but the email is a fuzzer's, which must be answered as a new one is (202) and change nothing.
 */
function usersCases(f: Fuzzer): fc.Arbitrary<Case> {
  const validish = fc.record({
    name: fc.oneof(
      fc.constantFrom("Asha Fuzz", "Ölaf Ünicode", "名前 テスト", "Zoë O'Brien", "Nul\u0000Byte", "Line\nBreak"),
      fc.string({ unit: "binary", minLength: 3, maxLength: 40 }),
    ),
    email: fc.emailAddress().map((e) => `fz${e}`.slice(0, 200)),
    phone: fc.constantFrom("9876501234", "+91 98765 01234", "098765-01234"),
    college: fc.oneof(fc.constantFrom("Fuzz College", "College\u0000Nul"), fc.string({ unit: "binary", minLength: 3, maxLength: 40 })),
    password: fc.constantFrom("fuzz-password-1", "long enough ✓ password", "pass\u0000word-1"),
  });
  const validPhone = (v: unknown) =>
    typeof v === "string" &&
    /^[6-9]\d{9}$/.test(
      v
        .trim()
        .replace(/[\s-]/g, "")
        .replace(/^(\+91|0)/, ""),
    );
  const invalid: Record<string, fc.Arbitrary<unknown>> = {
    name: fc.oneof(
      wrongType,
      fc.constantFrom("", " ", "a", " b ", "\t\n"),
      big(101, 5000).map((s) => `N${s}`),
    ),
    email: fc.oneof(
      wrongType,
      fc.string({ maxLength: 40 }).filter((s) => !s.includes("@")),
      fc.constantFrom("@", "a@", "@b.c", "a@@b.c", `${"x".repeat(250)}@example.com`),
    ),
    phone: fc.oneof(
      wrongType,
      fc.string({ maxLength: 20 }).filter((s) => !validPhone(s)),
      fc.constantFrom("12345", "5876543210", "98765432101", "+1 9876543210"),
    ),
    college: fc.oneof(
      wrongType,
      fc.constantFrom("", "x", " y "),
      big(151, 3000).map((s) => `C${s}`),
    ),
    password: fc.oneof(wrongType, fc.constantFrom("", "short", "1234567"), fc.constant("p".repeat(201))),
  };
  const object = fc
    .tuple(validish, fc.constantFrom(...Object.keys(invalid), "email", "email"), fc.boolean())
    .chain(([base, field, drop]) =>
      drop && field !== "email"
        ? fc.constant(Object.fromEntries(Object.entries(base).filter(([k]) => k !== field)))
        : invalid[field]!.map((bad) => ({ ...base, [field]: bad })),
    );
  const dup = fc.tuple(validish, invalid.password!).map(([base, bad]) => duplicateKeys(base, "password", "a-valid-password-1", bad));
  // A client's X-Forwarded-For is ignored (no proxy is trusted in the tests): sent anyway, it must change nothing.
  const client = fc
    .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }))
    .map(([a, b]) => ({ "x-forwarded-for": `198.51.${a}.${b}` }));
  // "Otherwise valid" must be valid for sure, so the answer can only differ by the email: names and colleges the
  // sign-up takes (a generated string that merely looked usable was once refused as a name, failing the case).
  const taken = fc
    .tuple(
      validish.map((b) => ({ ...b, name: "Asha Fuzz", college: "Fuzz College" })),
      fc.constantFrom("Asha Fuzz", "Ölaf Ünicode", "名前 テスト", "Zoë O'Brien"),
      fc.constantFrom(f.email, f.email.toUpperCase(), ` ${f.email} `),
      client,
    )
    .map(([b, name, email, headers]) => [{ ...b, name }, email, headers] as const)
    .map(
      ([base, email, headers]): Case => ({
        route: "/api/users",
        kind: "taken email, otherwise valid",
        contentType: "application/json",
        body: JSON.stringify({ ...base, email, password: "Lantern-Quasar-81-Bicycle" }),
        auth: "none",
        headers,
        accepted: true,
      }),
    );
  return fc.oneof({ weight: 19, arbitrary: jsonBodies("/api/users", object, dup, client) }, { weight: 1, arbitrary: taken });
}

type Path = (string | number)[];
function leafPaths(v: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (v !== null && typeof v === "object") {
    for (const [k, child] of Object.entries(v)) leafPaths(child, [...path, Array.isArray(v) ? Number(k) : k], out);
  } else out.push(path);
  return out;
}
function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  Object.defineProperty(node, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * POST /api/response: genuine messages, always altered; well-encrypted messages with a forged signature and
 * fields replaced by anything (the UAT response key is public: anyone can encrypt); random forms; random bytes;
 * duplicates; wrong content types; oversized bodies.
 */
function responseCases(genuine: { encData: string; merchId: string }[], forgedMessages: Record<string, unknown>[]): fc.Arbitrary<Case> {
  const form = "application/x-www-form-urlencoded";
  const formType = fc.constantFrom(form, `${form}; charset=UTF-8`, "APPLICATION/X-WWW-FORM-URLENCODED");
  const from = fc.constantFrom<Record<string, string>>({ "sec-fetch-mode": "navigate", accept: "text/html" }, { accept: "*/*" });
  const pick = fc.nat({ max: genuine.length - 1 }).map((i) => genuine[i]!);
  const merchId = fc.oneof(fc.constant(CONFIG.merchId), fc.constant(undefined), nasty);

  const altered = fc.oneof(
    // Truncated anywhere (including to nothing).
    fc
      .tuple(pick, fc.double({ min: 0, max: 0.9999, noNaN: true }))
      .map(([g, r]) => ({ how: "truncated", encData: g.encData.slice(0, Math.floor(g.encData.length * r)) })),
    // Bits flipped in the ciphertext (never a no-op: the bytes always differ).
    fc
      .tuple(pick, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([g, flips, lower]) => {
        const original = Buffer.from(g.encData, "hex");
        const bytes = Buffer.from(original);
        for (const [pos, bit] of flips) bytes[pos % bytes.length]! ^= 1 << bit;
        if (bytes.equals(original)) bytes[0]! ^= 1;
        const hex = bytes.toString("hex");
        return { how: "bit-flipped", encData: lower ? hex : hex.toUpperCase() };
      }),
    // Blocks dropped, duplicated or swapped; junk appended.
    fc.tuple(pick, fc.nat(), fc.nat(), fc.constantFrom("drop", "duplicate", "swap", "append")).map(([g, a, b, op]) => {
      const blocks = g.encData.match(/.{1,32}/g)!;
      const i = a % blocks.length;
      const j = b % blocks.length;
      let out = [...blocks];
      if (op === "drop") out.splice(i, 1);
      if (op === "duplicate") out.splice(i, 0, blocks[i]!);
      if (op === "swap") [out[i], out[j]] = [out[j]!, out[i]!];
      if (op === "append") out = [...out, "00".repeat((a % 20) + 1)];
      const encData = out.join("");
      return { how: `blocks ${op}`, encData: encData === g.encData ? `${encData}00` : encData };
    }),
    // A character that is not hex, somewhere.
    fc.tuple(pick, fc.nat(), fc.constantFrom("G", "z", " ", "%", "\u0000", "é", "-")).map(([g, p, c]) => {
      const at = p % g.encData.length;
      return { how: "non-hex character", encData: g.encData.slice(0, at) + c + g.encData.slice(at + 1) };
    }),
  );
  const mk = (kind: string, contentType: fc.Arbitrary<string | null>, body: fc.Arbitrary<string | Uint8Array>) =>
    fc.record({ contentType, body, headers: from }).map((r) => ({ route: "/api/response" as const, kind, auth: "none" as const, ...r }));
  const params = (fields: [string, string | undefined][]) => {
    const p = new URLSearchParams();
    for (const [k, v] of fields) if (v !== undefined) p.append(k, v);
    return p.toString();
  };
  const forged = fc
    .tuple(fc.nat({ max: forgedMessages.length - 1 }), fc.array(fc.tuple(fc.nat(), anyValue), { maxLength: 2 }), merchId)
    .map(([i, edits, m]) => {
      const message = structuredClone(forgedMessages[i]!);
      const paths = leafPaths(message);
      for (const [at, value] of edits) setAt(message, paths[at % paths.length]!, value);
      return params([
        ["encData", encodeReturnForm(CONFIG, message).encData],
        ["merchId", m],
      ]);
    });
  return fc.oneof(
    { weight: 12, arbitrary: forged.chain((body) => mk("forged signature, fields replaced", formType, fc.constant(body))) },
    {
      weight: 30,
      arbitrary: fc.tuple(altered, merchId, fc.boolean()).chain(([a, m, first]) =>
        mk(
          `genuine, ${a.how}`,
          formType,
          fc.constant(
            params(
              first
                ? [
                    ["encData", a.encData],
                    ["merchId", m],
                  ]
                : [
                    ["merchId", m],
                    ["encData", a.encData],
                  ],
            ),
          ),
        ),
      ),
    },
    {
      weight: 18,
      arbitrary: fc
        .tuple(
          fc.oneof(
            hex(4096),
            nasty.filter((s) => typeof s !== "string" || !SENTINELS.has(s.trim())),
          ),
          merchId,
        )
        .chain(([e, m]) =>
          mk(
            "random form",
            formType,
            fc.constant(
              params([
                ["encData", String(e)],
                ["merchId", m],
              ]),
            ),
          ),
        ),
    },
    { weight: 10, arbitrary: mk("random bytes", fc.oneof(formType, otherType), fc.uint8Array({ maxLength: 4096 })) },
    {
      weight: 10,
      arbitrary: fc
        .tuple(
          pick,
          fc.oneof(
            pick.map((g) => g.encData),
            hex(64),
          ),
        )
        .chain(([g, other]) =>
          mk(
            "duplicate encData",
            formType,
            fc.constant(
              params([
                ["encData", g.encData],
                ["merchId", g.merchId],
                ["encData", other],
              ]),
            ),
          ),
        ),
    },
    // Genuine and unaltered, but not a form: refused before it is read.
    {
      weight: 8,
      arbitrary: pick.chain((g) =>
        mk(
          "wrong content type",
          fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=x", "", null),
          fc.constant(
            params([
              ["encData", g.encData],
              ["merchId", g.merchId],
            ]),
          ),
        ),
      ),
    },
    {
      weight: 4,
      arbitrary: fc
        .integer({ min: 64 * 1024 + 1, max: 300_000 })
        .chain((n) => mk("oversized body", formType, fc.constant(`encData=${"A".repeat(n)}&merchId=${CONFIG.merchId}`))),
    },
    {
      weight: 10,
      arbitrary: mk(
        "near-miss fields",
        formType,
        fc.constantFrom(
          "",
          "encData=",
          "merchId=317157",
          "encData=cancelTransactionX",
          "encData=CANCELTRANSACTION",
          "encData=session%20Timeout",
          "encdata=00112233",
          "encData[]=00&encData[]=11",
          "encData=%ZZ%00",
          "&&&==&",
          `encData=${"0".repeat(32)}`,
          `encData=${"F".repeat(64)}&merchId=${"9".repeat(5000)}`,
        ),
      ),
    },
  );
}

/**
 * GET links as someone would craft them: app paths with segments that are nasty, malformed percent-encoding,
 * NUL; the organisers' list API with tampered cursors (amounts out of range, year 0000, impossible dates, NUL
 * in a name) and random filters. Some may be valid (a filter that matches nothing is a 200); none may be a 5xx.
 */
function craftedLinks(): fc.Arbitrary<{ path: string; organiser: boolean }> {
  const malformed = fc.constantFrom(
    "%",
    "%Z",
    "%ZZ",
    "%E0%A4%A",
    "%C0%80",
    "%ED%A0%80",
    "%FF",
    "%00",
    "a%00b",
    "%2e%2e%2f",
    "..%2F..%2Fetc",
    "%u0041",
    "%%",
    "%25",
  );
  const segment = fc.oneof(
    malformed,
    nasty.filter((v): v is string => typeof v === "string").map((v) => encodeURIComponent(v.slice(0, 200).toWellFormed())),
    fc.constantFrom("ANW00000000000000", "code-sprint", "00000000-0000-0000-0000-000000000000"),
  );
  const template = fc.constantFrom(
    "/events/:x",
    "/payments/:x",
    "/api/payments/:x",
    "/api/payments/:x/requery",
    "/api/organiser/payments/:x",
    "/organiser/payments/:x",
    "/:x",
    "/api/:x",
    "/sandbox/atompay/:x",
  );
  const paths = fc.tuple(template, segment).map(([t, x]) => ({ path: t.replace(":x", x), organiser: t.includes("organiser") }));
  const craft = (data: unknown) => Buffer.from(JSON.stringify(data), "utf8").toString("base64url");
  const id = fc.oneof(fc.uuid(), fc.constantFrom("00000000-0000-0000-0000-000000000000", "not-a-uuid", ""));
  const sortKey = fc.constantFrom("created", "settled", "amount", "name");
  const cursorValue = fc.oneof(
    fc.constantFrom(
      "99999999999",
      "2147483648",
      "-1",
      "1e9",
      "0000-01-01T00:00:00.000000Z",
      "2024-02-30T00:00:00.000000Z",
      "2024-13-01T00:00:00.000000Z",
      "9999-12-31T23:59:59.999999Z",
      "a\u0000b",
      "\ud800",
    ),
    fc.integer({ min: 0, max: 2 ** 40 }).map(String),
    nasty,
  );
  const cursor = fc.oneof(
    fc.tuple(sortKey, fc.constantFrom("asc", "desc", "up"), cursorValue, id).map((c) => craft(c)),
    fc.string({ unit: fc.constantFrom(..."ABCabc012-_%+/="), maxLength: 60 }),
  );
  const filterValue = fc.oneof(
    nasty.filter((v): v is string => typeof v === "string"),
    fc.constantFrom("0000-01-01", "2026-02-30", "9999-99-99", "99999999999", "-1", "pending", "success,flagged", "true"),
  );
  const list = fc
    .record({
      sort: fc.option(sortKey, { nil: undefined }),
      after: fc.option(cursor, { nil: undefined }),
      before: fc.option(cursor, { nil: undefined }),
      extra: fc.array(
        fc.tuple(fc.constantFrom("event", "status", "kind", "from", "to", "pendingOver", "flagged", "q", "dir", "limit"), filterValue),
        { maxLength: 3 },
      ),
    })
    .map(({ sort, after, before, extra }) => {
      const q = new URLSearchParams();
      if (sort) q.set("sort", sort);
      if (after) q.set("after", after);
      if (before) q.set("before", before);
      for (const [k, v] of extra) q.append(k, v);
      return { path: `/api/organiser/payments?${q}`, organiser: true };
    });
  return fc.oneof({ weight: 1, arbitrary: paths }, { weight: 2, arbitrary: list });
}

// ---------- sending ----------

interface Outcome {
  c: Case;
  status: number;
  problem?: string;
}

/**
 * One request with Node's own HTTP client: a fraction of the overhead of going through the browser driver, so
 * 10,000 requests fit in the time budget. The body always goes as bytes, so the client adds no content type of
 * its own. Requests come from 500 loopback addresses (the app limits failed sign-ins and rejected gateway posts
 * per address, by the socket's address): the fuzz exercises the routes rather than their limits, and its
 * thousands of failures never throttle the address the other specs use.
 */
async function send(fuzzers: Fuzzer[], c: Case, i: number): Promise<Outcome> {
  const headers: Record<string, string> = { ...(c.headers ?? {}) };
  if (c.contentType !== null) headers["content-type"] = c.contentType;
  if (c.auth === "fuzzer") Object.assign(headers, fuzzers[(c.who ?? 0) % fuzzers.length]!.auth);
  if (c.auth === "garbage") headers.authorization = "Bearer anw_not-a-real-token";
  const body = new Uint8Array(typeof c.body === "string" ? Buffer.from(c.body, "utf8") : c.body);
  const res = await net({ method: "POST", path: c.route, from: loopback(60, i % 500), headers, body });
  const status = res.status;
  if (c.accepted) {
    const same = status === 202 && res.body.includes('"message"') && !res.body.includes('"error"');
    return same ? { c, status } : { c, status, problem: `not answered as a new email would be: ${status} ${res.body.slice(0, 200)}` };
  }
  if (status < 400 || status > 499) return { c, status, problem: `status ${status}: ${res.body.slice(0, 200)}` };
  if (JSON_APIS.includes(c.route)) {
    let parsed: { error?: { code?: unknown; message?: unknown } } | null = null;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parsed = null;
    }
    if (typeof parsed?.error?.code !== "string" || typeof parsed?.error?.message !== "string" || !parsed.error.message) {
      return { c, status, problem: "no JSON {error:{code,message}} body" };
    }
  }
  return { c, status };
}

async function pool<T, R>(items: T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

function describeCase(c: Case): string {
  const body =
    typeof c.body === "string"
      ? JSON.stringify(c.body.length > 300 ? `${c.body.slice(0, 300)}…(${c.body.length} chars)` : c.body)
      : `bytes(${c.body.length}) ${Buffer.from(c.body).subarray(0, 64).toString("hex")}`;
  return `${c.route} [${c.kind}] content-type=${JSON.stringify(c.contentType)} auth=${c.auth} body=${body}`;
}

// ---------- the test ----------

test("fuzz: 10,000+ generated requests, never a 5xx, always a clear 4xx, no state change", async ({ request }) => {
  test.setTimeout(420_000);
  console.log(`[fuzz] seed ${SEED} (replay with FUZZ_SEED=${SEED}), scale ${SCALE}, ${CONCURRENCY} requests at a time`);

  // The fuzzing users (several: payment starts are limited per user), each with one pending attempt, and
  // genuine gateway messages for those attempts (to be altered).
  const fuzzers: Fuzzer[] = [];
  for (let i = 0; i < FUZZERS; i++) {
    const who = await newAttendee(request, "fuzz");
    const auth = await bearer(request, who);
    const started = await request.post("/api/atompay", { headers: auth, data: { eventSlug: "code-sprint" } });
    expect(started.status()).toBe(201);
    fuzzers.push({ ...who, auth, merchTxnId: ((await started.json()) as { merchTxnId: string }).merchTxnId });
  }
  const f = fuzzers[0]!;
  for (const eventSlug of ["robo-wars", "quiz-bowl"]) {
    const made = await request.post("/api/teams", {
      headers: f.auth,
      data: { eventSlug, name: `Fuzz ${eventSlug} ${f.anweshaId}`, members: [] },
    });
    expect(made.status()).toBe(201);
  }
  const genuine = [
    { statusCode: "OTS0000" },
    { statusCode: "OTS0000", surchargePaise: 500 },
    { statusCode: "OTS0600" },
    { statusCode: "OTS0101" },
    { statusCode: "OTS0551" },
    { statusCode: "OTS0000", merchTxnId: "ANWNOSUCHATTEMPT" },
  ].map((over, i) =>
    encodeReturnForm(
      CONFIG,
      buildReturnMessage(CONFIG, {
        merchTxnId: fuzzers[i % FUZZERS]!.merchTxnId,
        merchTxnDate: new Date(),
        atomTxnId: String(14_000_000_000_000 + (Date.now() % 1e9) * 10 + i),
        amountPaise: 25_000,
        subChannel: "NB",
        bankTxnId: `FUZZ${Date.now()}${i}`,
        ...over,
      }),
    ),
  );

  // Messages as the gateway would build them, for the fuzzers' attempts, but signed with a wrong key: whatever
  // their fields become, they must be refused (a forged success must never settle anything).
  const forgedMessages = ["OTS0000", "OTS0600", "OTS0101"].map((statusCode, i) =>
    buildReturnMessage(CONFIG, {
      merchTxnId: fuzzers[i % FUZZERS]!.merchTxnId,
      merchTxnDate: new Date(),
      atomTxnId: String(15_000_000_000_000 + (Date.now() % 1e9) * 10 + i),
      amountPaise: 25_000,
      statusCode,
      subChannel: "UP",
      bankTxnId: `FORGED${Date.now()}${i}`,
      signWith: "a-guessed-hash-key",
      card: { cardType: "CREDIT", cardMaskNumber: "XXXXXXXXXXXX1111", scheme: "VISA" },
    }),
  );

  // The in-app reconciler asks the bank about pending attempts older than a couple of minutes and stamps when it
  // did (lastCheckedAt): on a busy machine the fuzz outlasts that, and the stamp is not the fuzz's doing.
  const unstamped = (v: unknown): unknown => JSON.parse(JSON.stringify(v), (k, x) => (k === "lastCheckedAt" ? undefined : x));
  const snapshot = () =>
    Promise.all(
      fuzzers.map(async (z) => ({
        payment: unstamped(await (await request.get(`/api/payments/${z.merchTxnId}`, { headers: z.auth })).json()),
        mine: await request
          .get("/api/me/payments", { headers: z.auth })
          .then(async (r) => (r.status() === 404 ? "no /api/me/payments" : unstamped(await r.json()))),
      })),
    );
  const before = await snapshot();
  for (const b of before) expect((b.payment as { status: string }).status).toBe("pending");

  const arbitraries: Record<Route, fc.Arbitrary<Case>> = {
    "/api/response": responseCases(genuine, forgedMessages),
    "/api/atompay": atompayCases(),
    "/api/teams": teamsCases(f),
    "/api/token": tokenCases(f),
    "/api/users": usersCases(f),
    "/api/basket": basketCases(),
    "/api/sign-in-link": signInLinkCases(),
    "/api/verify-email": verifyEmailCases(),
    [UNKNOWN_INVITATION]: acceptCases(),
  };
  const cases: Case[] = [];
  for (const [i, route] of (Object.keys(RUNS) as Route[]).entries()) {
    cases.push(...fc.sample(arbitraries[route], { seed: SEED + i, numRuns: Math.round(RUNS[route] * SCALE) }));
  }
  // The fuzzer's own email with wrong passwords: a few, fewer than the failed-sign-in limit per account and address
  // (10), so the real password must still work afterwards.
  for (const password of ["wrong-password", f.password.toUpperCase(), `${f.password} `, "", "\u0000"]) {
    cases.push({
      route: "/api/token",
      kind: "own email, wrong password",
      contentType: "application/json",
      body: JSON.stringify({ email: f.email, password }),
      auth: "none",
    });
  }
  // Interleave routes (deterministically) so no route is hammered alone.
  const order = fc.sample(
    fc.shuffledSubarray(
      cases.map((_, i) => i),
      { minLength: cases.length },
    ),
    { seed: SEED, numRuns: 1 },
  )[0]!;

  const t0 = Date.now();
  const outcomes = await pool(
    order.map((i) => cases[i]!),
    CONCURRENCY,
    (c, i) =>
      send(fuzzers, c, i).catch((e: Error) => ({
        c,
        status: 0,
        problem: `request failed: ${e.message}${e.cause ? ` (${String(e.cause)})` : ""}`,
      })),
  );
  const seconds = (Date.now() - t0) / 1000;

  const after = await snapshot();
  const relogins = await Promise.all(
    fuzzers.map(async (z) => (await request.post("/api/token", { data: { email: z.email, password: z.password } })).status()),
  );

  // The table.
  const table: Record<string, Record<string, number | string>> = {};
  for (const route of Object.keys(RUNS) as Route[]) {
    const mine = outcomes.filter((o) => o.c.route === route);
    const statuses = new Map<number, number>();
    for (const o of mine) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    table[route] = {
      sent: mine.length,
      "4xx": mine.filter((o) => o.status >= 400 && o.status < 500).length,
      "5xx": mine.filter((o) => o.status >= 500).length,
      "other (2xx/3xx/none)": mine.filter((o) => o.status < 400).length,
      "of which 429": statuses.get(429) ?? 0,
      statuses: [...statuses.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([s, n]) => `${s}×${n}`)
        .join(" "),
    };
  }
  console.log(`[fuzz] ${outcomes.length} requests in ${seconds.toFixed(1)} s (${(outcomes.length / seconds).toFixed(0)}/s), seed ${SEED}`);
  console.table(table);

  const problems = outcomes.filter((o) => o.problem);
  if (problems.length) {
    // One example per (route, kind, status), smallest body first: a reproduction for each distinct failure.
    const examples = new Map<string, Outcome>();
    for (const o of [...problems].sort((a, b) => a.c.body.length - b.c.body.length)) {
      const key = `${o.c.route} ${o.c.kind} ${o.status}`;
      if (!examples.has(key)) examples.set(key, o);
    }
    const shown = [...examples.values()].map((o) => `  ${o.problem}\n    ${describeCase(o.c)}`);
    console.log(`[fuzz] ${problems.length} failing requests; one example per route/kind/status:\n${shown.join("\n")}`);
  }
  expect(outcomes).toHaveLength(cases.length); // every case was sent and answered (or counted as failed)
  expect(cases.length).toBeGreaterThanOrEqual(Math.round(10_000 * SCALE));
  // Soft, so the state checks below still run and report.
  expect.soft(problems.map((o) => `${o.c.route} [${o.c.kind}] → ${o.problem}`).slice(0, 20), `failing requests (seed ${SEED})`).toEqual([]);

  // Crafted links, as an organiser and as a stranger: never a 5xx.
  const organiser = await bearer(request, { email: "organiser@example.com", password: "organiser-demo" });
  const links = fc.sample(craftedLinks(), { seed: SEED + 99, numRuns: Math.round(800 * SCALE) });
  const linkOutcomes = await pool(links, CONCURRENCY, async (l, i) => {
    const res = await net({ path: l.path, from: loopback(61, i % 200), headers: l.organiser && i % 2 === 0 ? organiser : {} }).catch(
      (e: Error) => ({ status: 0, body: e.message }),
    );
    return { ...l, status: res.status, body: res.body };
  });
  const linkStatuses = new Map<number, number>();
  for (const o of linkOutcomes) linkStatuses.set(o.status, (linkStatuses.get(o.status) ?? 0) + 1);
  console.log(
    `[fuzz] ${links.length} crafted links: ${[...linkStatuses]
      .sort((a, b) => b[1] - a[1])
      .map(([st, n]) => `${st}×${n}`)
      .join(" ")}`,
  );
  expect
    .soft(
      linkOutcomes
        .filter((o) => o.status >= 500 || o.status === 0)
        .map((o) => `${o.path} → ${o.status} ${o.body.slice(0, 120)}`)
        .slice(0, 20),
      `crafted links (seed ${SEED})`,
    )
    .toEqual([]);

  // No state change: each attempt is still pending and untouched, each list is the same, the passwords still work.
  expect(after).toEqual(before);
  expect(relogins, "the real passwords still work after the fuzzing").toEqual(fuzzers.map(() => 200));
});
