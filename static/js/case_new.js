// 受理登记: choosing the service in the form shows its materials at once, keeping what was
// typed (the form is sent with action "choose", which saves nothing).
document.querySelectorAll("[data-choose-service]").forEach((select) => {
  select.addEventListener("change", () => {
    const form = select.form;
    const choose = document.createElement("input");
    choose.type = "hidden";
    choose.name = "action";
    choose.value = "choose";
    form.appendChild(choose);
    form.submit();
  });
});
