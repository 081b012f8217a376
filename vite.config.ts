// The web client (src/web/client) built into dist/web/app; the server serves it at /web (web.controller.ts).
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web/client', import.meta.url)),
  base: '/web/',
  plugins: [
    vue(),
    // Element Plus on demand: only the components the pages use, each with its CSS (measured in the README).
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: fileURLToPath(new URL('./src/web/client/components.d.ts', import.meta.url)),
    }),
  ],
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
