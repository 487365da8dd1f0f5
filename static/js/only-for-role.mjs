// A field that only one role has (an agency owner's Agency) is shown only while that role is
// chosen. Without script the field stays on the page and the server ignores it for any other
// role. <select data-only-for-role="owner"> inside a form with radios named "role".
for (const field of document.querySelectorAll("[data-only-for-role]")) {
  const group = field.closest(".govuk-form-group");
  const radios = field.form?.querySelectorAll("input[type='radio'][name='role']") ?? [];
  if (!group || radios.length === 0) continue;
  const show = () => {
    const chosen = [...radios].find((radio) => radio.checked);
    group.hidden = chosen?.value !== field.dataset.onlyForRole;
  };
  for (const radio of radios) radio.addEventListener("change", show);
  show();
}
