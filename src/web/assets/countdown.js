// Jaga's countdown of running time standards (loaded with `defer`; the CSP allows no inline script).
// Each `.clock[data-started][data-deadline]` counts down every second in the `.countdown` after it,
// and turns amber from three quarters of its standard used and red once it is missed, as the
// server's view model does (presenters/view-models/dashboard-view.ts clockLevel). Time is the
// server's: the `data-now` of the section around a clock (when the server made it), moved on by
// how long this page has shown that section, so a phone with a wrong clock still counts right.
// Its words come from the page (`data-amber`, `data-red`, `data-left`, `data-over`): none are here.
// Sections swapped in later (the dashboard refreshes itself) are picked up at the next tick.
'use strict';

(() => {
  const LEVELS = ['normal', 'amber', 'red'];
  const seen = new WeakMap();

  const two = (n) => String(n).padStart(2, '0');
  /** `H:MM:SS`, or `MM:SS` under an hour (as dashboard-page.tsx clockSpan). */
  const span = (ms) => {
    const total = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor(total / 60) % 60;
    const s = total % 60;
    return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
  };

  /** The server's time now, for a clock inside a section made at `data-now`. */
  const serverNow = (clock) => {
    const section = clock.closest('[data-now]');
    const made = section ? Date.parse(section.dataset.now) : NaN;
    if (Number.isNaN(made)) return Date.now();
    if (!seen.has(section)) seen.set(section, Date.now());
    return made + (Date.now() - seen.get(section));
  };

  const levelOf = (used) => (used >= 1 ? 'red' : used >= 0.75 ? 'amber' : 'normal');

  function tick() {
    for (const clock of document.querySelectorAll('.clock[data-started][data-deadline]')) {
      const started = Date.parse(clock.dataset.started);
      const deadline = Date.parse(clock.dataset.deadline);
      if (Number.isNaN(started) || Number.isNaN(deadline) || deadline <= started) continue;
      const now = serverNow(clock);
      const level = levelOf((now - started) / (deadline - started));
      const out = clock.nextElementSibling;
      if (out && out.classList.contains('countdown')) {
        const left = deadline - now;
        out.textContent = `${left >= 0 ? out.dataset.left : out.dataset.over} ${span(left)}`;
      }
      if (clock.classList.contains(`clock-${level}`)) continue;
      for (const l of LEVELS) clock.classList.toggle(`clock-${l}`, l === level);
      const card = clock.closest('.case, .brief');
      if (card) for (const l of LEVELS) card.classList.toggle(`case-${l}`, l === level);
      let words = clock.querySelector('.clock-level');
      if (level === 'normal') {
        if (words) words.remove();
        continue;
      }
      if (!words) {
        words = document.createElement('strong');
        words.className = 'clock-level';
        clock.append(words);
      }
      words.textContent = level === 'red' ? clock.dataset.red : clock.dataset.amber;
    }
  }

  tick();
  setInterval(tick, 1000);
})();
