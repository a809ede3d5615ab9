// The kiosk prints the ticket as soon as it shows (Chromium's --kiosk-printing prints silently).
window.addEventListener("load", () => window.print());
