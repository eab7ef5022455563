// After htmx swaps in a wizard step, move focus where a keyboard or screen-reader user
// expects it: the error summary when there are errors, else the new step's heading.
document.addEventListener("htmx:afterSwap", (event) => {
  const root = document.getElementById("wizard");
  if (!root || !event.detail.target || event.detail.target.id !== "wizard" && !root.contains(event.detail.target)) {
    return;
  }
  const target = document.getElementById("error-summary") || document.getElementById("step-heading");
  if (target) {
    target.focus();
  }
});
// Keep the document title in step with the swapped-in step.
document.addEventListener("htmx:afterSettle", () => {
  const heading = document.getElementById("step-heading");
  if (heading) {
    document.title = `${heading.textContent.trim()} · Claude compliance wizard`;
  }
});

/* result page */
// Progressive enhancement: "Copy link" and "Print this page" are hidden in the HTML and
// shown only where they work. Without JavaScript the link stays selectable in its field.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.querySelector(`[data-copy-status="${CSS.escape(button.dataset.copy)}"]`);
  if (!field || !navigator.clipboard) {
    continue;
  }
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) {
        status.textContent = "Copied";
      }
    } catch {
      field.select();
      if (status) {
        status.textContent = "Select the link and copy it";
      }
    }
  });
}
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

/* wizard */
// GOV.UK error summary: it takes the focus when a page arrives with errors (after an htmx
// swap the handler above does it), and each of its links moves the focus to the first
// input of its question, with the question's legend scrolled into view.
const arrivedWithErrors = document.getElementById("error-summary");
if (arrivedWithErrors && document.activeElement !== arrivedWithErrors) {
  arrivedWithErrors.focus();
}
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element && event.target.closest("#error-summary a[href^='#']");
  const input = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!input) {
    return;
  }
  event.preventDefault();
  const legend = input.closest("fieldset.question")?.querySelector("legend");
  (legend || input).scrollIntoView();
  input.focus({ preventScroll: true });
});
// An exclusive checkbox ("We're not sure yet") and the checkboxes it excludes uncheck each
// other; without JavaScript the server refuses both at once with an error.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox" || !box.checked || !box.form) {
    return;
  }
  const others = box.dataset.exclusive
    ? `input[name="${CSS.escape(box.dataset.exclusive)}"]`
    : `input[data-exclusive="${CSS.escape(box.name)}"]`;
  for (const other of box.form.querySelectorAll(others)) {
    other.checked = false;
  }
});
