import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import * as api from "../api/client";
import type { User } from "../api/client";

type SessionState =
  | { status: "loading" }
  | { status: "error"; error: unknown }
  | { status: "ready"; user: User | null };

interface SessionValue {
  state: SessionState;
  user: User | null;
  signIn(email: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  reload(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Loads the signed-in user once on start (which also sets the CSRF cookie) and keeps it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.getSession().then(
      (user) => !cancelled && setState({ status: "ready", user }),
      (error: unknown) => !cancelled && setState({ status: "error", error }),
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => api.onSessionEnded(() => setState({ status: "ready", user: null })), []);

  const signIn = useCallback(async (email: string, password: string) => {
    const user = await api.signIn(email, password);
    setState({ status: "ready", user });
    return user;
  }, []);

  const signOut = useCallback(async () => {
    await api.signOut();
    setState({ status: "ready", user: null });
  }, []);

  const reload = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      user: state.status === "ready" ? state.user : null,
      signIn,
      signOut,
      reload,
    }),
    [state, signIn, signOut, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>.");
  return value;
}

/** The signed-in user, for pages that only render behind <RequireAuth>. */
export function useCurrentUser(): User {
  const { user } = useSession();
  if (!user) throw new Error("useCurrentUser needs a signed-in user.");
  return user;
}
