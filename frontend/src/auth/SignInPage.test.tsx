import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { makeUser, page, stubFetch } from "../test/fetchStub";
import { renderApp } from "../test/render";

let stub: ReturnType<typeof stubFetch> | undefined;
afterEach(() => stub?.restore());

const SIGNED_OUT = { status: 401, body: { detail: "Not signed in." } };

describe("signing in", () => {
  it("shows the API's error when the email or password is wrong, keeping the email", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": SIGNED_OUT,
      "POST /api/auth/session/": {
        status: 400,
        body: { non_field_errors: ["Email or password is incorrect."] },
      },
    });
    const user = userEvent.setup();
    renderApp("/signin");

    await user.type(await screen.findByLabelText("Email"), "avery@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Email or password is incorrect.");
    expect(screen.getByLabelText("Email")).toHaveValue("avery@example.com");
    expect(stub.calls.at(-1)?.body).toEqual({ email: "avery@example.com", password: "wrong" });
  });

  it("says when to try again after too many failed sign-ins", async () => {
    const detail = "Too many failed sign-ins. Try again in 15 minutes.";
    stub = stubFetch({
      "GET /api/auth/session/": SIGNED_OUT,
      "POST /api/auth/session/": { status: 429, body: { detail } },
    });
    const user = userEvent.setup();
    renderApp("/signin");

    await user.type(await screen.findByLabelText("Email"), "avery@example.com");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(detail);
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });

  it("asks for the email and password before calling the server", async () => {
    stub = stubFetch({ "GET /api/auth/session/": SIGNED_OUT });
    const user = userEvent.setup();
    renderApp("/signin");

    await user.click(await screen.findByRole("button", { name: "Sign in" }));

    expect(await screen.findByText("Enter your email.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveFocus();
    expect(stub.calls.filter((call) => call.method === "POST")).toHaveLength(0);

    await user.type(screen.getByLabelText("Email"), "   ");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter your email.")).toBeInTheDocument();
    expect(screen.queryByText("Enter your password.")).not.toBeInTheDocument();
    expect(stub.calls.filter((call) => call.method === "POST")).toHaveLength(0);
  });

  it("sends a signed-out visitor to sign in, then back to the page they asked for", async () => {
    stub = stubFetch({
      "GET /api/auth/session/": SIGNED_OUT,
      "POST /api/auth/session/": { body: makeUser() },
      "GET /api/materials/": { body: page([]) },
    });
    const user = userEvent.setup();
    renderApp("/materials");

    await user.type(await screen.findByLabelText("Email"), "avery@example.com");
    await user.type(screen.getByLabelText("Password"), "secret");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    // The shell and the page render more than once as the session and their data arrive.
    await waitFor(() => {
      expect(screen.getByRole("heading", { name: "Materials", level: 1 })).toBeInTheDocument();
      expect(screen.getByRole("navigation", { name: "Main" })).toHaveTextContent("Vendors");
      expect(screen.getByText("Acme Builders")).toBeInTheDocument();
    });
  });
});
