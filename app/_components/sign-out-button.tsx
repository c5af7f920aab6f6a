import { signOutAction } from "@/app/(auth)/actions";

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="whitespace-nowrap text-sm font-medium text-stone-700 hover:underline">
        Sign out
      </button>
    </form>
  );
}
