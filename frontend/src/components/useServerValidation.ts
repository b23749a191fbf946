import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { flushSync } from "react-dom";
import { validate } from "../api/client";
import type { Problem } from "../api/client";

const TYPING_PAUSE_MS = 300;

export interface Checked<Input> {
  /** The input these problems are about, to place each at its input. */
  input: Input;
  problems: Problem[];
}

/**
 * The server's problems with what is being typed: `input` is sent to `path` (a validation
 * endpoint) as `toBody(input)` once typing pauses, a call made stale by more typing is cancelled,
 * and the last answer stays shown until the next one. `checkNow` asks at once, as on Submit.
 */
export function useServerValidation<Input>({
  path,
  input,
  toBody,
  enabled,
}: {
  path: string;
  input: Input;
  toBody: (input: Input) => unknown;
  enabled: boolean;
}) {
  const queryClient = useQueryClient();
  const [paused, setPaused] = useState(input);
  useEffect(() => {
    const timer = window.setTimeout(() => setPaused(input), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [input]);

  const options = useCallback(
    (sent: Input) => ({
      queryKey: ["validation", path, toBody(sent)],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        validate(path, toBody(sent), signal).then((problems) => ({ input: sent, problems })),
      staleTime: 10_000,
      retry: false,
    }),
    [path, toBody],
  );

  const query = useQuery({ ...options(paused), enabled, placeholderData: keepPreviousData });
  const [answered, setAnswered] = useState<Checked<Input> | null>(null);

  const checkNow = useCallback(
    async (now: Input): Promise<Checked<Input>> => {
      // The live check of `now` starts at once and is the very call made here.
      flushSync(() => setPaused(now));
      // Always asked afresh: what the server knows may have changed since the last answer.
      const checked = await queryClient.fetchQuery({ ...options(now), staleTime: 0 });
      // Drawn before returning, so the caller can move the focus to the first error.
      flushSync(() => setAnswered(checked));
      return checked;
    },
    [queryClient, options],
  );

  const latest = query.data?.input === paused ? query.data : answered;
  const checked = latest?.input === paused ? latest : (query.data ?? null);
  return { checked: enabled ? checked : null, checkNow };
}
