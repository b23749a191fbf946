import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo } from "react";
import type { ReactNode } from "react";
import * as api from "../api/client";
import type { SessionUser } from "../api/client";

type SessionState =
  | { status: "loading" }
  | { status: "error"; error: unknown }
  | { status: "ready"; user: SessionUser | null };

interface SessionValue {
  state: SessionState;
  user: SessionUser | null;
  signIn(email: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
  reload(): void;
}

/** The signed-in user, or null; loading it also sets the CSRF cookie. */
export function sessionQueryOptions() {
  return queryOptions({
    queryKey: ["session"],
    queryFn: api.getSession,
    staleTime: Infinity,
  });
}

const SessionContext = createContext<SessionValue | null>(null);

/** Loads the signed-in user once on start and keeps it; signing in or out replaces it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useQuery(sessionQueryOptions());
  const { refetch } = session;

  const signedOut = useCallback(() => {
    // Nothing cached for the previous person may show to the next one.
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "session" });
    queryClient.setQueryData(sessionQueryOptions().queryKey, null);
  }, [queryClient]);

  useEffect(() => api.onSessionEnded(signedOut), [signedOut]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const user = await api.signIn(email, password);
      queryClient.setQueryData(sessionQueryOptions().queryKey, user);
      return user;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    await api.signOut();
    signedOut();
  }, [signedOut]);

  const reload = useCallback(() => void refetch(), [refetch]);

  const state: SessionState = session.isPending
    ? { status: "loading" }
    : session.isError
      ? { status: "error", error: session.error }
      : { status: "ready", user: session.data };
  const value = useMemo<SessionValue>(
    () => ({
      state,
      user: state.status === "ready" ? state.user : null,
      signIn,
      signOut,
      reload,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `state` is rebuilt from these
    [session.isPending, session.isError, session.error, session.data, signIn, signOut, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>.");
  return value;
}

/** The signed-in user, for pages that only render behind <RequireAuth>. */
export function useCurrentUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error("useCurrentUser needs a signed-in user.");
  return user;
}
