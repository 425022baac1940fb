import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A file the pages load, served by Jaga itself (no CDN): its bytes, type and validator. */
export interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

const require = createRequire(import.meta.url);
/** Jaga's own stylesheet and scripts, beside this module's source (the build runs from dist/src/web/). */
const OWN = (name: string): string => fileURLToPath(new URL(`../../../src/web/assets/${name}`, import.meta.url));

const SOURCES: Readonly<Record<string, { path: () => string; type: string }>> = {
  'jaga.css': { path: () => OWN('jaga.css'), type: 'text/css; charset=utf-8' },
  'jaga.js': { path: () => OWN('jaga.js'), type: 'text/javascript; charset=utf-8' },
  'countdown.js': { path: () => OWN('countdown.js'), type: 'text/javascript; charset=utf-8' },
  'jaga.svg': { path: () => OWN('jaga.svg'), type: 'image/svg+xml' },
  // htmx from its npm package, the version package-lock.json pins.
  'htmx.min.js': { path: () => require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  // The case page's terminal player (asciinema-player, the version package-lock.json pins) and Jaga's set-up of it.
  'asciinema-player.min.js': { path: () => require.resolve('asciinema-player/dist/bundle/asciinema-player.min.js'), type: 'text/javascript; charset=utf-8' },
  'asciinema-player.css': { path: () => require.resolve('asciinema-player/dist/bundle/asciinema-player.css'), type: 'text/css; charset=utf-8' },
  'jaga-player.js': { path: () => OWN('jaga-player.js'), type: 'text/javascript; charset=utf-8' },
  // The live view's set-up of the same player, fed by the watch WebSocket.
  'jaga-live.js': { path: () => OWN('jaga-live.js'), type: 'text/javascript; charset=utf-8' },
};

/** Every asset, read once at start-up (a missing file fails the start, not a page). */
export function loadAssets(): ReadonlyMap<string, Asset> {
  return new Map(Object.entries(SOURCES).map(([name, s]) => {
    const body = readFileSync(s.path());
    return [name, { body, type: s.type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` }];
  }));
}
