export function StatusBadge({ active }: { active: boolean }) {
  return (
    <span className={active ? "badge badge-success" : "badge badge-muted"}>
      {active ? "Active" : "Inactive"}
    </span>
  );
}

export function QuickBooksLink({ remoteId }: { remoteId: string }) {
  return remoteId ? (
    <span className="badge badge-info" title={`QuickBooks id ${remoteId}`}>
      Linked
    </span>
  ) : (
    <span className="muted">Not linked</span>
  );
}
