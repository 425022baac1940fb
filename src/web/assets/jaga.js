// Jaga's own script for its pages (loaded with `defer`; the CSP allows no inline script).
// Every page works without it: it only adds small conveniences.
'use strict';

// A form sent once is not sent twice by an impatient second click while the next page loads.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (form.dataset.sent === 'yes') {
    event.preventDefault();
    return;
  }
  form.dataset.sent = 'yes';
});

// Coming back to a page (the back button) makes its forms usable again.
window.addEventListener('pageshow', () => {
  for (const form of document.forms) delete form.dataset.sent;
});
