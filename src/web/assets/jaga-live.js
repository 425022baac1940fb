// Jaga's set-up of the read-only live view (loaded with `defer`, after asciinema-player's own
// script; the CSP allows no inline script). The player connects with its websocket driver to the
// API's watch address named by `data-watch` (same origin, ws: or wss: like the page), which speaks
// the player's `v2.asciicast` subprotocol; events are shown as they arrive (no buffer).
'use strict';

(() => {
  const box = document.getElementById('live-player');
  const Player = window.AsciinemaPlayer;
  if (!box || !Player || !box.dataset.watch) return;
  const url = new URL(box.dataset.watch, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  box.replaceChildren();
  Player.create({ driver: 'websocket', url: url.href, bufferTime: 0 }, box,
    { autoPlay: true, controls: false, fit: 'width', terminalFontSize: 'small' });
})();
