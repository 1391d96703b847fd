import { z } from "zod";
import { emailField, idField, nameField, newPasswordField } from "@/lib/forms/fields";

export const setupInput = z.object({
  organizationName: z
    .string()
    .trim()
    .min(2, "Enter the organization's name")
    .max(100, "Keep the name under 100 characters"),
  firstName: nameField("first name"),
  lastName: nameField("last name"),
  email: emailField,
  password: newPasswordField,
});
export type SetupInput = z.input<typeof setupInput>;

export const switchOrganizationInput = z.object({ organizationId: idField });
