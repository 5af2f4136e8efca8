// A write the user starts (a POST behind a button): whether it is running and how it failed, so every form shows
// the same busy and error states.
import { useCallback, useState } from "react";
import { asApiError, type ApiError } from "./api";

export function useAction<A extends unknown[], T>(
  fn: (...args: A) => Promise<T>,
): { run: (...args: A) => Promise<T | undefined>; busy: boolean; error: ApiError | null; reset: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      return await fn(...args);
    } catch (e) {
      setError(asApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
