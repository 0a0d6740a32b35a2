import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { fileURLToPath } from 'node:url';

// The Tauri shell loads http://localhost:1420 in development (tauri.conf.json `devUrl`),
// so the port must be fixed: a silently chosen other port would leave the window blank.
export default defineConfig({
  // svelteTesting() only acts under vitest: browser build of Svelte and cleanup after each test.
  plugins: [svelte(), svelteTesting()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  clearScreen: false,
  server: { port: 1420, strictPort: true, host: '127.0.0.1' },
  preview: {
    port: 4173,
    strictPort: true,
    // Same policy as the production window, so a CSP violation shows up in a browser too.
    headers: {
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ipc: http://ipc.localhost",
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebView2 (Windows) and WebKitGTK 2.40+ (Linux) both handle ES2022.
    target: 'es2022',
    cssCodeSplit: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
  },
});
