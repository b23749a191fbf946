import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App";
import { createQueryClient } from "./api/queryClient";
import { SessionProvider, sessionQueryOptions } from "./auth/session";
import "./styles.css";
import { preloadWorkflowEditor } from "./workflow-editor/preload";

const root = document.getElementById("root");
if (!root) throw new Error("The page has no #root element.");
const queryClient = createQueryClient();
// Asked for first, before any page's own data: every page waits for the session.
void queryClient.prefetchQuery(sessionQueryOptions());
preloadWorkflowEditor(queryClient, window.location.pathname);

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
