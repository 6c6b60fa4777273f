/** A backend that was asked for cannot run here; the message says why and what to do. */
export class BackendError extends Error {}
