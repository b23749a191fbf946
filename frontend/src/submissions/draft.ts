import type { FormValues } from "../form-fields/values";

/** A half-filled form kept in this browser, per person and form version, until it is sent. */
export interface Draft {
  savedAt: string;
  values: FormValues;
  /** The key its tries were (or will be) sent with: a restored draft whose answer was lost is
   * the same form, not a new one. */
  idempotencyKey?: string;
}

function draftKey(userId: number, templateId: number, versionId: number): string {
  return `ontraccr:draft:${userId}:${templateId}:${versionId}`;
}

export function readDraft(userId: number, templateId: number, versionId: number): Draft | null {
  try {
    const text = window.localStorage.getItem(draftKey(userId, templateId, versionId));
    const draft = text ? (JSON.parse(text) as Draft) : null;
    return draft && typeof draft.values === "object" ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(
  userId: number,
  templateId: number,
  versionId: number,
  values: FormValues,
  idempotencyKey: string,
) {
  const draft: Draft = { savedAt: new Date().toISOString(), values, idempotencyKey };
  try {
    window.localStorage.setItem(draftKey(userId, templateId, versionId), JSON.stringify(draft));
  } catch {
    // A full or disabled storage only loses the draft, never the form on screen.
  }
}

export function discardDraft(userId: number, templateId: number, versionId: number) {
  window.localStorage.removeItem(draftKey(userId, templateId, versionId));
}
