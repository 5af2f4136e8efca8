import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the console with hot reload on :5173 and forwards the API and the console's runtime
// configuration (/config.json) to a running `hearth dev`.
const api = process.env.HEARTH_API ?? "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, chunkSizeWarningLimit: 1000 },
  server: { proxy: { "/v1": api, "/dev": api, "/healthz": api, "/config.json": api } },
});
