import { defineConfig } from 'vitest/config';

// The ASP.NET host serves the built viewer from wwwroot; `npm run dev` proxies the API, the hub
// and the tile content to a locally running `dotnet run --project web` instead.
const backend = 'http://localhost:5080';

export default defineConfig({
  base: '/',
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // three + 3DTilesRendererJS are the bulk of the bundle, one chunk either way: ~850 kB raw,
    // ~220 kB gzipped (the budget is 600 kB gzipped; `npm run size` checks it).
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      // Stable file names: the web project globs wwwroot when MSBuild evaluates it, before this
      // build runs inside it; hashed names that change would leave it looking for deleted files.
      // The server revalidates with ETags instead of relying on names for cache busting.
      output: {
        entryFileNames: 'assets/[name].js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
      },
      onwarn(warning, warn) {
        // @microsoft/signalr ships /*#__PURE__*/ comments where Rollup cannot use them; harmless.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('@microsoft/signalr')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/city': backend,
      '/hubs': { target: backend, ws: true },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
