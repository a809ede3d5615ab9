// The kiosk prints the ticket as soon as it shows (Chromium's --kiosk-printing prints
// silently), then goes back to the kiosk so the next resident never sees this ticket.
(function () {
  const back = document.currentScript.dataset.return;
  window.addEventListener("load", () => {
    window.print();
    if (back) setTimeout(() => { window.location.href = back; }, 15000);
  });
})();
