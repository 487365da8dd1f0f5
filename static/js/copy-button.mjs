// A "Copy" button beside text to copy (a reporting API token): the text stays selectable
// without script, and the button shows only where the browser can write to the clipboard.
// <button data-copy-from="id of the text" data-copy-status="id of a role=status element" hidden>
for (const button of document.querySelectorAll("[data-copy-from]")) {
  const source = document.getElementById(button.dataset.copyFrom);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!source || !status || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      status.textContent = "Copied. Paste it into your reporting tool.";
    } catch {
      status.textContent = "Could not copy. Select the token and copy it yourself.";
    }
  });
}
