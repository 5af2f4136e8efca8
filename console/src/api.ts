// The API client: every call carries the session's token, and every failure becomes an ApiError holding the
// API's error code and message (its one error shape: {code, message, details, requestId}) and the request id, for
// support. List routes page ({items, nextCursor}); apiAll reads one to its end.
import { useCallback, useEffect, useRef, useState } from "react";
import { config } from "./config";
import { freshSession } from "./auth";
import { ApiError } from "./errors";

export { ApiError };

let onUnauthenticated: () => void = () => {};

/** Sets what happens when the API says the session is no longer valid (back to the login screen). */
export function setUnauthenticatedHandler(f: () => void) {
  onUnauthenticated = f;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const session = await freshSession(); // renewed first when the hosted login's ID token is about to expire
  if (session) headers.Authorization = "Bearer " + session.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(config.apiBase + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, "network", `The API did not answer (${(e as Error).message}). Is hearth dev running?`);
  }
  if (!res.ok) {
    const err = await res.json().catch(() => null);
    const requestId = res.headers.get("X-Request-Id") ?? err?.requestId ?? undefined;
    if (res.status === 401) onUnauthenticated();
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, requestId);
  }
  return res;
}

export async function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const res = await send(init?.method ?? "GET", path, init?.body);
  return (await res.json()) as T;
}

/** A page of a list route: items in the list's order; nextCursor (null on the last page) asks for the next. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Reads a paged list route to its end, 500 items a request, as one array. */
export async function apiAll<T>(path: string): Promise<T[]> {
  const sep = path.includes("?") ? "&" : "?";
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api<Page<T>>(`${path}${sep}limit=500${cursor ? "&cursor=" + encodeURIComponent(cursor) : ""}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Fetches a non-JSON answer (CSV exports) as a blob. */
export async function apiBlob(path: string): Promise<Blob> {
  return (await send("GET", path)).blob();
}

export type Load<T> =
  | { state: "loading" }
  | { state: "ok"; data: T }
  | { state: "error"; error: ApiError };

/** Runs a loader (null: nothing to load yet) when its key changes or on reload; stale answers are dropped. */
export function useLoad<T>(key: string | null, loader: () => Promise<T>): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: "loading" });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const fn = useRef(loader);
  fn.current = loader;
  useEffect(() => {
    if (key === null) return;
    const mine = ++seq.current;
    setLoad({ state: "loading" });
    fn.current().then(
      (data) => mine === seq.current && setLoad({ state: "ok", data }),
      (error) => mine === seq.current && setLoad({ state: "error", error: asApiError(error) }),
    );
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return [load, reload];
}

/** Loads a path (null: nothing to load yet) and reloads it on demand. */
export function useApi<T>(path: string | null): [Load<T>, () => void] {
  return useLoad<T>(path, () => api<T>(path!));
}

/** Loads a whole paged list (null: nothing to load yet) and reloads it on demand. */
export function useApiAll<T>(path: string | null): [Load<T[]>, () => void] {
  return useLoad<T[]>(path === null ? null : "all:" + path, () => apiAll<T>(path!));
}

export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, "client", (e as Error)?.message ?? String(e));
}

/** A paged list read a page at a time: the pages so far, and more() to read the next one. */
export function usePaged<T>(path: string | null, pageSize = 50): [Load<Page<T>>, () => void, () => void, boolean] {
  const [extra, setExtra] = useState<{ items: T[]; cursor: string | null; loading: boolean; error?: ApiError }>({
    items: [],
    cursor: null,
    loading: false,
  });
  const sep = path?.includes("?") ? "&" : "?";
  const [first, reload] = useLoad<Page<T>>(path === null ? null : "paged:" + path, async () => {
    const page = await api<Page<T>>(`${path}${sep}limit=${pageSize}`);
    setExtra({ items: [], cursor: page.nextCursor, loading: false });
    return page;
  });
  const more = useCallback(() => {
    if (!extra.cursor || extra.loading) return;
    setExtra((x) => ({ ...x, loading: true, error: undefined }));
    api<Page<T>>(`${path}${sep}limit=${pageSize}&cursor=${encodeURIComponent(extra.cursor)}`).then(
      (p) => setExtra((x) => ({ items: [...x.items, ...p.items], cursor: p.nextCursor, loading: false })),
      (e) => setExtra((x) => ({ ...x, loading: false, error: asApiError(e) })),
    );
  }, [extra, path, sep, pageSize]);
  const load: Load<Page<T>> =
    first.state === "ok"
      ? extra.error
        ? { state: "error", error: extra.error }
        : { state: "ok", data: { items: [...first.data.items, ...extra.items], nextCursor: extra.cursor } }
      : first;
  return [load, reload, more, extra.loading];
}
