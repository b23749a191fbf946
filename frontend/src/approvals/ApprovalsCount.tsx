import { useQuery } from "@tanstack/react-query";
import { approvalsQueryOptions } from "./api";

/** The number of approvals waiting for the signed-in person, beside its navigation link. */
export function ApprovalsCount() {
  const { data } = useQuery(approvalsQueryOptions());
  if (!data?.count) return null;
  return (
    <span className="nav-count" aria-label={`${data.count} waiting`}>
      {data.count}
    </span>
  );
}
