import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Where `npm run dev` sends the API calls: Keyhold started as the README says (port 8080), unless KEYHOLD_URL names
// another. The browser only ever talks to this dev server, so the app and the API share one origin, as they do when
// dist/ is served behind the same reverse proxy as Keyhold in production.
const keyhold = process.env.KEYHOLD_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      // changeOrigin stays false: Keyhold checks the browser's Origin (http://localhost:5173) against COOKIE_ORIGINS
      '/api': { target: keyhold },
      '/.well-known': { target: keyhold },
    },
  },
});
