import { request } from "../api/client";
import type { SessionUser } from "../api/client";
import type { components } from "../api/schema";

export type PasswordChange = components["schemas"]["PasswordChangeInput"];
export type PasswordSet = components["schemas"]["PasswordSetInput"];

/** The signed-in person's own account, and passwords set from emailed links. */
export const account = {
  rename: (name: string) => request<SessionUser>("PATCH", "/api/account/", { name }),
  changePassword: (input: PasswordChange) => request<void>("POST", "/api/account/password/", input),
  requestPasswordReset: (email: string) =>
    request<void>("POST", "/api/auth/password-reset/", { email }),
  setPassword: (input: PasswordSet) => request<void>("POST", "/api/auth/password-set/", input),
};
