/** Injection token of the service's validated settings (startService provides them). */
export const SETTINGS = Symbol('SETTINGS');
