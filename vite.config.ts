// The web client (src/web/client) built into dist/web/app; the server serves it at /web (web.controller.ts).
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web/client', import.meta.url)),
  base: '/web/',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web/app', import.meta.url)),
    emptyOutDir: true,
    // Served from /web/assets next to the printouts' print.js and verify.js (same route, same CSP).
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: true,
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
