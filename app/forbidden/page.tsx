import { forbidden } from "next/navigation";

// proxy.ts rewrites non-organisers here; the 403 comes from app/forbidden.tsx.
export default function ForbiddenRoute() {
  forbidden();
}
