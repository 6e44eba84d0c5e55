import { useEffect, useId } from 'react';

/** The forms of the screen that hold changes not saved yet. */
const dirtyForms = new Set<string>();

export const LEAVE_QUESTION = 'Des modifications ne sont pas enregistrées : quitter cette page sans les enregistrer ?';

/**
 * Asked before the screen changes (a menu link, « ← Familles », « Se déconnecter »): true when
 * nothing is left unsaved, or the agent chose to leave it. The browser's own dialog: modal,
 * spoken by screen readers, answered with the keyboard.
 */
export function confirmLeaving(): boolean {
  if (dirtyForms.size === 0) return true;
  const leave = window.confirm(LEAVE_QUESTION);
  if (leave) dirtyForms.clear();
  return leave;
}

/** After a save that moves on to another screen: what the form held is saved, nothing to ask. */
export function forgetUnsavedChanges(): void {
  dirtyForms.clear();
}

function warnBeforeUnload(event: BeforeUnloadEvent) {
  event.preventDefault();
  // Older Chromium (Electron) asks only when returnValue is set.
  event.returnValue = '';
}

/** Marks the calling form as holding unsaved changes while `dirty`; closing the window then asks too. */
export function useUnsavedChanges(dirty: boolean): void {
  const id = useId();
  useEffect(() => {
    if (!dirty) return;
    dirtyForms.add(id);
    window.addEventListener('beforeunload', warnBeforeUnload);
    return () => {
      dirtyForms.delete(id);
      window.removeEventListener('beforeunload', warnBeforeUnload);
    };
  }, [dirty, id]);
}
