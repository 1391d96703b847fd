import "server-only";
import { ActionError } from "@/lib/actions/errors";
import { loadPasswordChecker, type UserInputs } from "@/lib/forms/password-strength";

// The password rule on the server (lib/forms/password-strength.ts), for every action that sets a
// new password. Check it before the transaction (in the action's guard): the first call in a
// process loads the dictionaries.

/** Why this new password breaks the rule, or null when it meets it. */
export async function passwordProblem(
  password: string,
  userInputs: UserInputs,
): Promise<string | null> {
  const check = await loadPasswordChecker();
  return check(password, userInputs).problem;
}

/** Refuses a password that breaks the rule, with the reason on the password's field. */
export async function requireStrongPassword(
  password: string,
  userInputs: UserInputs,
  field = "password",
): Promise<void> {
  const problem = await passwordProblem(password, userInputs);
  if (problem) {
    throw new ActionError("Please correct the highlighted fields.", { [field]: [problem] });
  }
}
