import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { Dialog } from "./Dialog";

/** A page whose opener goes away with the dialog, as a row does when what it showed is deleted. */
function Page({ openerStays }: { openerStays: boolean }) {
  const [open, setOpen] = useState(false);
  const [opener, setOpener] = useState(true);
  return (
    <main id="main" tabIndex={-1}>
      {opener && (
        <button type="button" onClick={() => setOpen(true)}>
          Open
        </button>
      )}
      {open && (
        <Dialog
          title="Delete"
          onClose={() => {
            setOpen(false);
            if (!openerStays) setOpener(false);
          }}
        >
          <p>Sure?</p>
        </Dialog>
      )}
    </main>
  );
}

describe("a dialog", () => {
  it("gives the focus back to what opened it", async () => {
    const user = userEvent.setup();
    render(<Page openerStays />);
    await user.click(screen.getByRole("button", { name: "Open" }));
    expect(screen.getByRole("button", { name: "Close" })).toHaveFocus();

    await user.keyboard("{Escape}");
    expect(screen.getByRole("button", { name: "Open" })).toHaveFocus();
  });

  it("gives the focus to the page's content, not the page, when what opened it is gone", async () => {
    const user = userEvent.setup();
    render(<Page openerStays={false} />);
    await user.click(screen.getByRole("button", { name: "Open" }));

    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.getByRole("main")).toHaveFocus();
    expect(document.activeElement).not.toBe(document.body);
  });
});
