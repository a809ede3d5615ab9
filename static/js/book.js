// The booking page: choosing another category or day shows that day's half hours at once
// (the "show times" button does the same without JavaScript).
(function () {
  const picker = document.getElementById("day-picker");
  if (!picker) return;
  picker.querySelectorAll("select, input").forEach((field) => {
    field.addEventListener("change", () => picker.submit());
  });
})();
