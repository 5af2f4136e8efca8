/** A failed API call: the HTTP status, the API's error.code and error.message, and the request id for support. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}
