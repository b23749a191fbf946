interface PaginationProps {
  page: number;
  pageSize: number;
  count: number;
  /** What is being counted, in the plural: "vendors". */
  noun: string;
  onPageChange: (page: number) => void;
  disabled?: boolean;
}

export function Pagination({
  page,
  pageSize,
  count,
  noun,
  onPageChange,
  disabled,
}: PaginationProps) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const first = count === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(count, page * pageSize);
  return (
    <nav className="pagination" aria-label="Pagination">
      <p className="pagination-summary">
        {count === 0 ? `No ${noun}` : `${first}–${last} of ${count} ${noun}`}
        {pages > 1 && ` · page ${page} of ${pages}`}
      </p>
      <div className="pagination-buttons">
        <button
          type="button"
          className="button button-small"
          onClick={() => onPageChange(page - 1)}
          disabled={disabled || page <= 1}
        >
          Previous
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => onPageChange(page + 1)}
          disabled={disabled || page >= pages}
        >
          Next
        </button>
      </div>
    </nav>
  );
}
