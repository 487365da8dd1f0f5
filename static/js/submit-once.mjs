// A create form's buttons are disabled once it is sent, so a second click cannot send it again.
// The server refuses a second copy anyway (the form's one-time token); this only spares the
// wait. Disabling waits a tick because a disabled button's name would leave the posted data
// ("Save and add another" is read from it).
const forms = () => document.querySelectorAll("form:has(input[name='form_token'])");

for (const form of forms()) {
  form.addEventListener("submit", () => {
    setTimeout(() => {
      for (const button of form.querySelectorAll("button, input[type='submit']")) {
        if (!button.disabled) {
          button.disabled = true;
          button.dataset.sentOnce = "";
        }
      }
    });
  });
}

// Back to a page kept in the browser's back-forward cache: its buttons work again (the
// server then says whether it was already saved).
window.addEventListener("pageshow", () => {
  for (const button of document.querySelectorAll("[data-sent-once]")) {
    button.disabled = false;
    delete button.dataset.sentOnce;
  }
});
