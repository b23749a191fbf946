import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";

/** Server state for the whole app: one cache, retried only when a retry can help. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) =>
          failureCount < 2 && !(error instanceof ApiError && error.status < 500),
      },
    },
  });
}
