import { ApiError } from "../api/client";

/** What to tell a person about a failed call, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) {
      return error.detail ?? "You do not have permission to do this.";
    }
    if (error.status === 404) return error.detail ?? "This item no longer exists.";
    return error.message;
  }
  return "Something went wrong. Please try again.";
}

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  onDismiss?: () => void;
}

/** The one way API failures are shown: a banner announced to screen readers. */
export function ErrorAlert({ error, title, onRetry, onDismiss }: ErrorAlertProps) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        {title && <strong className="alert-title">{title}</strong>}
        <span>{errorMessage(error)}</span>
      </div>
      <div className="alert-actions">
        {onRetry && (
          <button type="button" className="button button-small" onClick={onRetry}>
            Try again
          </button>
        )}
        {onDismiss && (
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={onDismiss}
            aria-label="Dismiss error"
          >
            ×
          </button>
        )}
      </div>
    </div>
  );
}
