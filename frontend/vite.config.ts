/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const backend = "http://127.0.0.1:8000";

export default defineConfig(({ command }) => ({
  // Django (whitenoise) serves the built assets under /static/ and index.html at every app route;
  // the dev server keeps "/" so that app routes such as /vendors work there too.
  base: command === "build" ? "/static/" : "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  server: {
    proxy: {
      "/api": backend,
      "/admin": backend,
      "/qbo-sandbox": backend,
      "/ws": { target: backend, ws: true },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // Typing into many fields with user-event takes seconds on a busy machine.
    testTimeout: 20_000,
  },
}));
