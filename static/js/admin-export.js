// The export page's "Select all" box. django-import-export wires it with an inline
// onchange handler, which the CSP refuses; this file does the same from a static script.
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll("input.select-toggle")) {
    const form = toggle.form || document;
    toggle.addEventListener("change", () => {
      const boxes = form.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
      for (const box of boxes) {
        box.checked = toggle.checked;
      }
    });
  }
});
