import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The PDF worker thread's entry sits beside index.js, where shared/core/pdf/pdf-workers.ts looks for it;
        // `npm run serve` runs serve.js with Node itself, and its portal processes portal-worker-main.js beside it.
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          'pdf-worker': resolve(__dirname, 'shared/core/pdf/pdf-worker.ts'),
          serve: resolve(__dirname, 'portal-server/serve.ts'),
          'portal-worker-main': resolve(__dirname, 'portal-server/portal-worker-main.ts'),
        },
        output: {
          chunkFileNames: '[name]-[hash].js',
          // React picks its build from NODE_ENV when first loaded. In a chunk of its own, the module
          // that sets NODE_ENV runs before any chunk that imports React; merged into one of those,
          // it ran after React's development build was loaded (import statements come first).
          manualChunks: (id) => (id.endsWith('/portal-server/react-production.ts') ? 'react-production' : undefined),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
