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
