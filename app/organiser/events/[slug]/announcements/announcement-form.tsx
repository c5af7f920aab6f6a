"use client";

// Write, preview, send: the preview (POST … {preview: true}) says who gets it and shows the mail as they will read
// it; only then can it be sent, and any edit asks for a new preview, so what is sent is what was seen. Problems the
// server names are shown under their field and announced; the outcome is announced in a live region.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";

interface Preview {
  recipients: { total: number; entrants: number; waitlist: number; sample: string[] };
  mail: { subject: string; text: string };
  hour: { left: number; nextAt: string | null };
}

type Draft = { subject: string; body: string; includeWaitlist: boolean };
const textareaClass =
  "block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-[invalid]:border-red-500";

export function AnnouncementForm(props: {
  slug: string;
  entrants: number;
  waiting: number;
  subjectMax: number;
  bodyMax: number;
  perHour: number;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>({ subject: "", body: "", includeWaitlist: false });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [errors, setErrors] = useState<{ subject?: string; body?: string; form?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "send" | null>(null);

  function edit(next: Partial<Draft>) {
    setDraft((d) => ({ ...d, ...next }));
    setPreview(null);
    setDone(null);
  }

  async function call(extra: { preview?: boolean }) {
    const res = await fetch(`/api/organiser/events/${encodeURIComponent(props.slug)}/announcements`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...draft, ...extra }),
    }).catch(() => null);
    const answer = await res?.json().catch(() => null);
    if (res?.ok) return answer;
    const fields: Record<string, string[]> = answer?.error?.fields ?? {};
    const next = { subject: fields.subject?.[0], body: fields.body?.[0], form: undefined as string | undefined };
    if (!next.subject && !next.body) next.form = answer?.error?.message ?? "That did not work. Check your connection and try again.";
    setErrors(next);
    const first = next.subject ? "f-subject" : next.body ? "f-body" : null;
    if (first) requestAnimationFrame(() => document.getElementById(first)?.focus());
    return null;
  }

  async function onPreview(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy("preview");
    setDone(null);
    const answer = await call({ preview: true });
    setBusy(null);
    if (!answer) return;
    setErrors({});
    setPreview(answer.preview);
    requestAnimationFrame(() => document.getElementById("announcement-preview")?.focus());
  }

  async function onSend() {
    setBusy("send");
    const answer = await call({});
    setBusy(null);
    if (!answer) return;
    setErrors({});
    setPreview(null);
    setDraft({ subject: "", body: "", includeWaitlist: false });
    setDone(
      answer.alreadySent
        ? "These words were already sent to this event; nothing new was sent."
        : `Sent: ${answer.recipients} ${answer.recipients === 1 ? "person" : "people"} will get it by mail, and see it on the event's page.`,
    );
    router.refresh();
  }

  const people = preview?.recipients.total ?? 0;
  return (
    <form onSubmit={onPreview} className="space-y-4" noValidate aria-label="New announcement">
      <div aria-live="polite" className="empty:hidden">
        {done ? <Alert tone="success">{done}</Alert> : null}
      </div>
      {errors.form ? (
        <Alert tone="error" live>
          {errors.form}
        </Alert>
      ) : null}
      <Field
        label="Subject"
        name="subject"
        value={draft.subject}
        onChange={(e) => edit({ subject: e.target.value })}
        maxLength={props.subjectMax}
        error={errors.subject}
        hint={`One line, up to ${props.subjectMax} characters. The mail's subject starts with the event's name.`}
        autoComplete="off"
        required
      />
      <div className="space-y-1">
        <label htmlFor="f-body" className="block text-sm font-medium text-stone-800">
          Message
        </label>
        <textarea
          id="f-body"
          name="body"
          rows={8}
          value={draft.body}
          onChange={(e) => edit({ body: e.target.value })}
          maxLength={props.bodyMax}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={errors.body ? "f-body-error f-body-hint" : "f-body-hint"}
          className={textareaClass}
          required
        />
        <p id="f-body-hint" className="text-xs text-stone-500">
          Plain text: web addresses (https://…) become links; anything else, HTML included, shows as typed. {draft.body.length}/
          {props.bodyMax}
        </p>
        {errors.body ? (
          <p id="f-body-error" className="text-sm text-red-700">
            {errors.body}
          </p>
        ) : null}
      </div>
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="includeWaitlist"
          checked={draft.includeWaitlist}
          onChange={(e) => edit({ includeWaitlist: e.target.checked })}
          className="size-4 accent-brand-700"
        />
        Also the waiting list ({props.waiting} {props.waiting === 1 ? "person" : "people"})
      </label>
      <p className="text-xs text-stone-500">
        Goes to everyone entered: {props.entrants} {props.entrants === 1 ? "person" : "people"}, every member of a team. At most{" "}
        {props.perHour} announcements an hour for this event.
      </p>
      <Button type="submit" variant="secondary" disabled={busy !== null} aria-busy={busy === "preview"} className="w-full">
        {busy === "preview" ? "Preparing the preview…" : "Preview"}
      </Button>

      {preview ? (
        <section
          id="announcement-preview"
          tabIndex={-1}
          aria-label="Preview"
          className="space-y-3 rounded-lg border border-brand-200 bg-brand-50 p-4 outline-none focus:ring-2 focus:ring-brand-600"
        >
          <h3 className="font-semibold">
            {people} {people === 1 ? "person" : "people"} will get this
          </h3>
          <p className="text-sm text-stone-700">
            {preview.recipients.entrants} entered
            {draft.includeWaitlist ? `, ${preview.recipients.waitlist} from the waiting list` : ""}
            {preview.recipients.sample.length
              ? `: ${preview.recipients.sample.join(", ")}${people > preview.recipients.sample.length ? ", …" : ""}`
              : ""}
          </p>
          <div className="rounded-md border border-stone-200 bg-white p-3 text-sm">
            <p className="mb-2 break-words">
              <span className="text-stone-500">Subject: </span>
              <span className="font-semibold">{preview.mail.subject}</span>
            </p>
            <pre className="font-sans break-words whitespace-pre-wrap text-stone-800" data-testid="preview-text">
              {preview.mail.text.trim()}
            </pre>
          </div>
          {preview.hour.left === 0 ? (
            <Alert tone="warning">This event has sent its {props.perHour} announcements for this hour; sending now will be refused.</Alert>
          ) : (
            <p className="text-xs text-stone-600">
              {preview.hour.left} of {props.perHour} left this hour.
            </p>
          )}
          <Button type="button" onClick={onSend} disabled={busy !== null || people === 0} aria-busy={busy === "send"} className="w-full">
            {busy === "send"
              ? "Sending…"
              : people === 0
                ? "Nobody to send to yet"
                : `Send to ${people} ${people === 1 ? "person" : "people"}`}
          </Button>
        </section>
      ) : null}
    </form>
  );
}
