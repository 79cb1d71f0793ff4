import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appCsp, serve } from './static-server';

const ui = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export default async function globalSetup() {
  const { url, server } = await serve(resolve(ui, 'dist'), appCsp(ui));
  process.env.RB_BASE_URL = url;
  return async () => {
    await new Promise((ok) => server.close(ok));
  };
}
