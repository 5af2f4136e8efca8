// A confirmation for actions that change a guest's record: the browser's modal <dialog> keeps the focus inside,
// Escape cancels, and the focus starts on Cancel so a stray Enter does nothing harmful.
import { useEffect, useRef, type ReactNode } from "react";
import type { ApiError } from "../api";
import { ErrorState } from "./states";

export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  busy?: boolean;
  error?: ApiError | null;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      cancel.current?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby="confirm-title"
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="confirm-title">{title}</h2>
        {children}
        {error && <ErrorState error={error} />}
        <div className="decision">
          <button type="button" ref={cancel} onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="danger" disabled={busy} data-testid="confirm">
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
