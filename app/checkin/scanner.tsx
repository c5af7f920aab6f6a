"use client";

// The door: scan a pass (or type it, or an Anwesha ID) and see at once whether to let them in. Online, the server
// decides; with no network, the device decides from its bundle (signature checked with WebCrypto) and queues
// the check-in, syncing it when the network returns and telling the volunteer what the server made of it.
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/ui";
import type { CheckInBundle } from "@/lib/checkin/bundle";
import {
  deviceId,
  type LogEntry,
  loadBundle,
  loadLog,
  loadQueue,
  randomRef,
  saveBundle,
  saveLog,
  saveQueue,
} from "@/lib/checkin/device-store";
import { canVerifyOffline, type DoorOutcome, decideOffline, type QueuedScan, syncNote } from "@/lib/checkin/offline";
import { countOf, readDoorInput } from "@/lib/checkin/sentences";
import { formatISTShort } from "@/lib/format";
import { Camera } from "./camera";

interface Props {
  event: { slug: string; name: string; venue: string };
  volunteerName: string;
}

const HEADLINE: Record<string, string> = {
  admitted: "ADMITTED",
  already_checked_in: "ALREADY IN",
};

function tone(result: string) {
  if (result === "admitted") return "bg-emerald-600 text-white";
  if (result === "already_checked_in") return "bg-amber-400 text-stone-950";
  return "bg-red-700 text-white";
}

type Shown = DoorOutcome | { result: "error"; reason: string };

export function Scanner({ event, volunteerName }: Props) {
  const [bundle, setBundle] = useState<CheckInBundle | null>(null);
  const [queue, setQueue] = useState<QueuedScan[]>([]);
  const [log, setLog] = useState<LogEntry[]>([]);
  const [online, setOnline] = useState(true);
  const [shown, setShown] = useState<Shown | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [offlineReady, setOfflineReady] = useState<boolean | null>(null);
  const device = useRef("");
  const syncing = useRef(false);

  const updateLog = useCallback(
    (change: (l: LogEntry[]) => LogEntry[]) => {
      const next = change(loadLog());
      saveLog(next);
      setLog(next.filter((e) => e.eventSlug === event.slug));
    },
    [event.slug],
  );

  /** Fresh bundle; then tell the volunteer about their synced scans that another device beat, or also scanned. */
  const refreshBundle = useCallback(async () => {
    const res = await fetch(`/api/checkin/events/${event.slug}/bundle`, { cache: "no-store" });
    if (!res.ok) return;
    const fresh = (await res.json()) as CheckInBundle;
    saveBundle(fresh);
    setBundle(fresh);
    setOfflineReady(await canVerifyOffline(fresh));
    updateLog((l) =>
      l.map((e) => {
        if (!e.registrationId || e.eventSlug !== event.slug) return e;
        // An organiser undid a check-in this scan made: say so, whoever's device it was.
        const undo = e.result === "admitted" && !e.undone ? undoneAfter(fresh, e.registrationId, e.at, e.userIds) : null;
        if (undo) return { ...e, undone: true, note: undo };
        if (e.sync !== "ok") return e;
        const winner = fresh.checkIns.find(
          (c) => c.registrationId === e.registrationId && (!e.userIds?.length || e.userIds.includes(c.userId)),
        );
        if (winner && winner.deviceId !== device.current && e.offline) {
          return { ...e, sync: "conflict", note: `Another device was first: checked in at ${formatISTShort(winner.at)} by ${winner.by}.` };
        }
        const also = fresh.duplicates.find((d) => d.registrationId === e.registrationId && d.deviceId !== device.current);
        return also && !e.note ? { ...e, note: `Also scanned on another device at ${formatISTShort(also.at)} by ${also.by}.` } : e;
      }),
    );
  }, [event.slug, updateLog]);

  const sync = useCallback(async () => {
    if (syncing.current || !navigator.onLine) return;
    syncing.current = true;
    try {
      const pending = loadQueue();
      if (pending.length) {
        const res = await fetch("/api/checkin/sync", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            deviceId: device.current,
            entries: pending
              .slice(0, 200)
              .map(({ ref, eventSlug, token, anweshaId, scannedAt }) => ({ ref, eventSlug, token, anweshaId, scannedAt })),
          }),
        });
        if (res.ok) {
          const { results } = (await res.json()) as {
            results: { ref: string; result: string; reason: string; supersedes?: { at: string; by: string }[] }[];
          };
          const done = new Map(results.map((r) => [r.ref, r]));
          const left = loadQueue().filter((q) => !done.has(q.ref));
          saveQueue(left);
          setQueue(left);
          updateLog((l) =>
            l.map((e) => {
              const r = done.get(e.ref);
              if (!r) return e;
              const note = syncNote(r);
              return { ...e, sync: note.tone, note: note.text };
            }),
          );
        }
      }
      await refreshBundle();
    } catch {
      // Still offline, or the network dropped mid-sync: the queue stays and is sent again (answers are idempotent).
    } finally {
      syncing.current = false;
    }
  }, [refreshBundle, updateLog]);

  useEffect(() => {
    // Keeps this page and its scripts on the phone, so it reopens with no network (lib/checkin/service-worker.ts).
    if ("serviceWorker" in navigator) {
      // Not `serviceWorker.ready`: a page reached by client-side navigation (from the header's link) belongs to the
      // document it started as, outside the worker's scope, so it never becomes controlled. The worker keeps what
      // the page names all the same, and serves it on the next visit to /checkin.
      navigator.serviceWorker
        .register("/checkin-sw.js", { scope: "/checkin" })
        .then(async (reg) => {
          const worker = reg.active ?? reg.waiting ?? reg.installing;
          if (!worker) return;
          if (worker.state !== "activated") {
            await new Promise<void>((resolve) => worker.addEventListener("statechange", () => worker.state === "activated" && resolve()));
          }
          const loaded = performance.getEntriesByType("resource").map((e) => e.name);
          worker.postMessage({ urls: [location.href, ...loaded] });
        })
        .catch(() => {});
    }
  }, []);

  useEffect(() => {
    device.current = deviceId();
    const stored = loadBundle(event.slug);
    setBundle(stored);
    if (stored) void canVerifyOffline(stored).then(setOfflineReady);
    setQueue(loadQueue());
    setLog(loadLog().filter((e) => e.eventSlug === event.slug));
    setOnline(navigator.onLine);
    void sync();
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    const timer = setInterval(() => void sync(), 20_000);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
      clearInterval(timer);
    };
  }, [event.slug, sync]);

  const record = useCallback(
    (ref: string, at: Date, o: DoorOutcome, registrationId: string | null, sync: LogEntry["sync"], userIds?: string[]) =>
      updateLog((l) => [
        {
          ref,
          eventSlug: event.slug,
          at: at.toISOString(),
          result: o.result,
          reason: o.reason,
          holder: o.person?.name ?? o.holder?.name ?? "",
          registrationId,
          userIds,
          offline: o.offline,
          sync,
        },
        ...l,
      ]),
    [event.slug, updateLog],
  );

  const decideHere = useCallback(
    async (value: string, scannedAt: Date, ref: string) => {
      const b = loadBundle(event.slug);
      if (!b) {
        setShown({
          result: "error",
          reason: "No network, and this device has no offline list for this event yet. Open this page once with the network on.",
        });
        return;
      }
      const decision = await decideOffline(b, loadQueue(), { text: value, scannedAt, ref, by: volunteerName });
      if (decision.queued) {
        const q = [...loadQueue(), decision.queued];
        saveQueue(q);
        setQueue(q);
      }
      record(
        ref,
        scannedAt,
        decision.outcome,
        decision.queued?.registrationId ?? null,
        decision.queued ? "queued" : null,
        decision.queued?.userIds,
      );
      setShown(decision.outcome);
    },
    [event.slug, record, volunteerName],
  );

  const check = useCallback(
    async (raw: string) => {
      const value = raw.trim();
      if (!value || busy) return;
      const read = readDoorInput(value);
      if ("problem" in read) {
        // Neither a pass nor an Anwesha ID: say what to type, without asking anyone.
        setShown({ result: "error", reason: read.problem });
        setText("");
        return;
      }
      setBusy(true);
      const scannedAt = new Date();
      const ref = randomRef();
      try {
        if (navigator.onLine) {
          const target = read;
          let res: Response | null = null;
          try {
            res = await fetch("/api/checkin", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ ...target, eventSlug: event.slug, deviceId: device.current }),
            });
          } catch {
            res = null; // the network is gone though the browser has not noticed: decide here
          }
          if (res) {
            const body = await res.json().catch(() => null);
            if ([200, 409, 422].includes(res.status) && body?.result) {
              const o: DoorOutcome = { ...body, offline: false };
              record(ref, scannedAt, o, body.registration?.id ?? null, null);
              setShown(o);
              if (res.status === 200) void refreshBundle().catch(() => {});
            } else {
              // A field's own words say more than "Some fields are not valid."
              const fields = Object.values(body?.error?.fields ?? {}).flat() as string[];
              setShown({ result: "error", reason: fields[0] ?? body?.error?.message ?? `The server answered ${res.status}.` });
            }
            return;
          }
        }
        await decideHere("token" in read ? read.token : read.anweshaId, scannedAt, ref);
      } finally {
        setBusy(false);
        setText("");
      }
    },
    [busy, decideHere, event.slug, record, refreshBundle],
  );

  const pending = queue.filter((q) => q.eventSlug === event.slug).length;
  return (
    <div className="mx-auto max-w-md space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span
          data-testid="network-state"
          className={`rounded-full px-3 py-1 font-semibold ${online ? "bg-emerald-100 text-emerald-900" : "bg-stone-800 text-white"}`}
        >
          {online ? "Online" : "Offline: checking on this device"}
        </span>
        <span data-testid="queue-count" className="text-stone-700">
          {pending === 0 ? "Nothing waiting to sync" : `${pending} check-in${pending === 1 ? "" : "s"} waiting to sync`}
        </span>
      </div>
      <p className="text-xs text-stone-600" data-testid="bundle-state">
        {bundle
          ? `Offline list: ${countOf(bundle.passes.length, "pass", "passes")}, updated ${formatISTShort(bundle.generatedAt)}.` +
            (offlineReady === false ? " This browser cannot verify passes offline." : "")
          : "Offline list not downloaded yet."}
      </p>

      <div role="status" aria-live="assertive" aria-atomic="true">
        {shown ? (
          <Result shown={shown} />
        ) : (
          <p className="rounded-2xl border-2 border-dashed border-stone-300 p-6 text-center text-lg text-stone-500">
            Scan a pass to begin.
          </p>
        )}
      </div>

      <Camera onCode={(code) => void check(code)} />
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void check(text);
        }}
      >
        <label htmlFor="door-input" className="sr-only">
          Anwesha ID
        </label>
        <input
          id="door-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="door-input-hint"
          placeholder="Anwesha ID: ANW-7K3Q9P"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className="min-h-12 w-full min-w-0 rounded-lg border border-stone-300 px-3 text-base sm:text-lg"
        />
        <Button type="submit" disabled={busy || !text.trim()} className="text-lg">
          Check
        </Button>
      </form>
      <p id="door-input-hint" className="-mt-2 text-xs text-stone-600">
        When a pass will not scan, type the Anwesha ID printed on it (for a team, any member's). A scanner that types the pass works here
        too.
      </p>

      {log.length ? (
        <section aria-label="Recent scans on this device">
          <h2 className="mb-2 text-sm font-semibold text-stone-700">Recent scans on this device</h2>
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white text-sm" data-testid="scan-log">
            {log.slice(0, 20).map((e) => (
              <li key={e.ref} className="px-3 py-2" data-sync={e.sync ?? "online"}>
                <span className="font-mono text-xs text-stone-500">{formatISTShort(e.at)}</span>{" "}
                {/* No holder (not a pass, not registered): the reason alone, not "—: …". */}
                {e.holder ? <span className="font-semibold">{e.holder}: </span> : null}
                {e.reason}
                {e.sync === "queued" ? <span className="text-stone-500"> (waiting to sync)</span> : null}
                {e.note ? (
                  <span
                    className={`block ${e.undone || e.sync === "conflict" ? "font-semibold text-amber-800" : e.sync === "refused" ? "text-red-700" : "text-emerald-800"}`}
                    data-testid={e.undone ? "scan-undone" : undefined}
                  >
                    {e.note}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** "Check-in undone at 10:05 IST by Omar: wrong pass." for an undo of this registration made after `at`. */
function undoneAfter(bundle: CheckInBundle, registrationId: string, at: string, userIds?: string[]): string | null {
  const undo = (bundle.undone ?? []).find(
    (u) => u.registrationId === registrationId && u.undoneAt > at && (!userIds?.length || userIds.includes(u.userId)),
  );
  if (!undo) return null;
  const person = bundle.passes.find((p) => p.registrationId === registrationId)?.members.find((m) => m.userId === undo.userId);
  const whose =
    person && bundle.passes.find((p) => p.registrationId === registrationId)?.holder.kind === "team" ? ` of ${person.name}` : "";
  return `Check-in${whose} undone at ${formatISTShort(undo.undoneAt)} by ${undo.by}: ${undo.reason}`;
}

function Result({ shown }: { shown: Shown }) {
  if (shown.result === "error") {
    return (
      <div className="rounded-2xl bg-stone-800 p-5 text-white" data-testid="door-result" data-result="error">
        <p className="text-xl font-semibold">{shown.reason}</p>
      </div>
    );
  }
  const o = shown;
  return (
    <div className={`rounded-2xl p-5 shadow-lg ${tone(o.result)}`} data-testid="door-result" data-result={o.result}>
      <p className="text-5xl font-black tracking-tight">{HEADLINE[o.result] ?? "NOT VALID"}</p>
      <p className="mt-2 text-xl font-semibold">{o.reason}</p>
      {o.person ? (
        // One person on a team's registration (their own pass, or their Anwesha ID): them first, their team after.
        <p className="mt-3 text-2xl font-bold" data-testid="door-person">
          {o.person.name}
          <span className="ml-2 inline-block font-mono text-lg font-semibold whitespace-nowrap">{o.person.anweshaId}</span>
          {o.holder?.kind === "team" ? <span className="block text-lg font-semibold">Team {o.holder.name}</span> : null}
        </p>
      ) : o.holder ? (
        <p className="mt-3 text-2xl font-bold">
          {o.holder.name}
          {o.holder.anweshaId ? (
            <span className="ml-2 inline-block font-mono text-lg font-semibold whitespace-nowrap">{o.holder.anweshaId}</span>
          ) : null}
        </p>
      ) : null}
      {o.event ? <p className="text-lg">{o.event.name}</p> : null}
      {o.offline ? (
        <p className="mt-1 text-sm font-semibold opacity-90">Decided on this device (offline); it syncs when the network returns.</p>
      ) : null}
      {o.holder?.kind === "team" && o.members.length ? (
        <ul className="mt-3 space-y-1 rounded-xl bg-white/90 p-3 text-base text-stone-900" aria-label="Team roster">
          {o.members.map((m) => (
            <li key={m.anweshaId} className="flex justify-between gap-2">
              <span>
                {m.checkedIn ? "✓" : "·"} {m.name} <span className="font-mono text-sm whitespace-nowrap">{m.anweshaId}</span>
              </span>
              <span className="text-sm">{m.checkedIn ? `in at ${formatISTShort(m.checkedIn.at)} (${m.checkedIn.by})` : "not in yet"}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
