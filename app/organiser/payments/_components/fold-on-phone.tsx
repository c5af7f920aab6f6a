"use client";
// A section that folds away on a phone (so the results come first) and is always open from 768 px up. The CSS in
// globals.css shows a wide screen's content before this script runs; the script opens it in browsers without
// ::details-content, and when `open` asks for it (e.g. a folded filter has an error).
import { type ReactNode, useEffect, useRef } from "react";

export function FoldOnPhone(props: { summary: ReactNode; open?: boolean; children: ReactNode; testId?: string; className?: string }) {
  const { summary, open = false, children, testId, className = "" } = props;
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (ref.current && (open || window.matchMedia("(min-width: 48rem)").matches)) ref.current.open = true;
  }, [open]);
  return (
    <details ref={ref} className={`fold-on-phone ${className}`} data-testid={testId}>
      <summary className="flex min-h-11 cursor-pointer items-center whitespace-nowrap text-sm font-semibold text-brand-700 md:hidden">
        {summary}
      </summary>
      {children}
    </details>
  );
}

/**
 * A section folded at every width until opened (the payments filters: on a laptop too they would fill the first
 * screen). `open` opens it, e.g. when a folded filter has an error to show.
 */
export function Fold(props: { summary: ReactNode; open?: boolean; children: ReactNode; testId?: string; className?: string }) {
  const { summary, open = false, children, testId, className = "" } = props;
  return (
    <details open={open || undefined} className={className} data-testid={testId}>
      <summary className="flex min-h-11 cursor-pointer items-center whitespace-nowrap text-sm font-semibold text-brand-700">
        {summary}
      </summary>
      {children}
    </details>
  );
}
