// Jaga's set-up of the recording player on the case page (loaded with `defer`, after
// asciinema-player's own script; the CSP allows no inline script). Without JavaScript the page
// shows the transcript only; with it, the recording named by the player's `data-cast` plays in
// the page, seekable, at the speed chosen (up to 16×), and each transcript line's time seeks to it.
'use strict';

(() => {
  const box = document.getElementById('player');
  const Player = window.AsciinemaPlayer;
  if (!box || !Player || !box.dataset.cast) return;
  const speed = document.getElementById('player-speed');
  let player = null;

  function make(startAt, play) {
    const rate = Number(speed ? speed.value : 1) || 1;
    if (player) player.dispose();
    player = Player.create({ url: box.dataset.cast, fetchOpts: { credentials: 'same-origin' } }, box,
      { speed: rate, startAt, autoPlay: play, preload: true, controls: true, fit: 'width', idleTimeLimit: 5, terminalFontSize: 'small' });
  }

  make(0, false);
  const controls = document.getElementById('player-controls');
  if (controls) controls.hidden = false;
  if (speed) speed.addEventListener('change', () => make(player ? player.getCurrentTime() : 0, true));

  // A transcript line's time (seconds from the start, `data-at`) seeks the player there.
  for (const el of document.querySelectorAll('.tl-seek')) {
    el.hidden = false;
    el.addEventListener('click', () => {
      const at = Number(el.dataset.at) || 0;
      void player.seek(at).then(() => player.play());
      box.scrollIntoView({ block: 'nearest' });
    });
  }
})();
