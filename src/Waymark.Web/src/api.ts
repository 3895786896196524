// The API client: same-origin fetch with the session cookie; errors become ApiError carrying the RFC 9457
// ProblemDetails the server wrote, so every screen can show the title, detail and per-field errors.

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  traceId?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

/** Raised once per 401 from anything but the login itself: the session has ended, so the app shows the login page. */
export const unauthorizedEvent = "waymark:unauthorized";

const statusTitles: Record<number, string> = {
  400: "The request was not accepted",
  401: "You are not logged in",
  403: "Your role may not do this",
  404: "Not found",
  413: "Upload too large",
  423: "Account locked",
  500: "The server failed",
  502: "The server cannot be reached",
  503: "The server is unavailable",
};

async function problemOf(response: Response): Promise<ProblemDetails> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      const body: unknown = await response.json();
      if (body && typeof body === "object") {
        return body as ProblemDetails;
      }
    } catch (e) {
      if (!(e instanceof SyntaxError)) {
        throw e;
      }
    }
  }
  return { status: response.status, title: statusTitles[response.status] ?? `HTTP ${response.status}`, detail: response.statusText || undefined };
}

export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", ...init, headers: { Accept: "application/json", ...init.headers } });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") {
      throw e;
    }
    throw new ApiError(0, { title: "The Waymark server cannot be reached", detail: "Check that the server is running and your network connection, then try again." });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && path !== "/api/auth/login" && path !== "/api/auth/me") {
      window.dispatchEvent(new CustomEvent(unauthorizedEvent));
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function getJson<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T> {
  const query = params && [...params.keys()].length > 0 ? `?${params.toString()}` : "";
  const response = await request(path + query, signal ? { signal } : {});
  return (await response.json()) as T;
}

export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T | null> {
  const response = await request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return response.status === 204 ? null : ((await response.json()) as T);
}

/** PUT with a JSON body; the server's answer, or null for 204. */
export async function putJson<T>(path: string, body: unknown): Promise<T | null> {
  const response = await request(path, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return response.status === 204 ? null : ((await response.json()) as T);
}

export async function deleteResource(path: string): Promise<void> {
  await request(path, { method: "DELETE" });
}

/** True when the error only says that a newer request replaced this one. */
export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === "AbortError";
}

/** A plain-language problem for anything thrown by the client (or by code around it). */
export function toProblem(e: unknown): ProblemDetails {
  if (e instanceof ApiError) {
    return { ...e.problem, status: e.problem.status ?? e.status, title: e.problem.title ?? statusTitles[e.status] ?? "The request failed" };
  }
  return { title: "Something went wrong in the browser", detail: e instanceof Error ? e.message : String(e) };
}
