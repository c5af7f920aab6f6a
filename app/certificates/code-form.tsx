// Typing a code off a printed certificate: a plain GET form (works without JavaScript) to /certificates?code=….
export function CodeForm({ label = "Certificate code" }: { label?: string }) {
  return (
    <form action="/certificates" method="get" className="space-y-2">
      <label htmlFor="certificate-code" className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="certificate-code"
          name="code"
          required
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX"
          aria-describedby="certificate-code-hint"
          className="block min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 py-2.5 font-mono text-base uppercase shadow-sm focus:border-brand-600"
        />
        <button
          type="submit"
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Verify
        </button>
      </div>
      <p id="certificate-code-hint" className="text-xs text-stone-500">
        The 12 characters printed beside the QR code; dashes and case do not matter.
      </p>
    </form>
  );
}
