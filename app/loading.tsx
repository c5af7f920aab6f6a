// Shown while a page's data loads (streamed by the App Router).
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-1/3 rounded bg-stone-200" />
      <div className="h-4 w-2/3 rounded bg-stone-200" />
      <div className="h-40 rounded-xl bg-stone-200" />
    </div>
  );
}
