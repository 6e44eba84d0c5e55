// The planning's booking form has two parts, each with its own button. Enter typed in a field
// or on a box of one part sends that part's request (« Précisions » declares the absence; the
// weekly box asks for the reservation); Enter on a day of the grid does nothing (it booked the
// day at once). Without this script, Enter clicks the form's first button, which asks nothing.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.defaultPrevented || event.isComposing) return;
  const field = event.target;
  if (!(field instanceof HTMLInputElement) || !field.form?.hasAttribute('data-booking-form')) return;
  if (field.type !== 'text' && field.type !== 'checkbox') return;
  event.preventDefault();
  const part = field.closest('[data-enter-submits]');
  const button = part?.querySelector(`button[type="submit"][value="${part.getAttribute('data-enter-submits')}"]`);
  if (button) field.form.requestSubmit(button);
});
