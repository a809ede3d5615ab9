// Print buttons (<button data-print>): no inline onclick under the Content-Security-Policy.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
