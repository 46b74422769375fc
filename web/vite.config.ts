import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The API server in development (`npm run dev` at the root starts both).
const api = process.env.CONVERSA_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/webhooks': { target: api, changeOrigin: false },
      '/socket.io': { target: api, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // One app chunk (~420 kB raw, ~130 kB gzipped): the budget is 300 kB gzipped for the whole app.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
