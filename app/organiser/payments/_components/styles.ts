// Form control styles shared by the console's filters and dialogs (matching app/_components/ui.tsx's inputs).
export const controlClass =
  "block w-full rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-[invalid]:border-red-500";
export const labelClass = "block text-sm font-medium text-stone-800";
