import type { ReactNode } from "react";

/** The frame of the pages a signed-out person sees: the brand and one card. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="signin-page">
      <div className="signin-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            O
          </span>
          <span className="brand-name">Ontraccr Clone</span>
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </div>
  );
}
