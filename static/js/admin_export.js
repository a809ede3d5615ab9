// The admin's export page: "select all" fields, attached here instead of an inline
// onchange attribute, which the Content-Security-Policy blocks.
document.querySelectorAll("input.select-toggle").forEach((toggle) => {
  toggle.addEventListener("change", onSelectToggleChange);  // from django-import-export
});
