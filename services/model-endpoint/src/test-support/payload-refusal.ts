import { PayloadError } from '../payload/payload-error.js';

/** The status and reason of the PayloadError `run` throws; fails when it throws none or another error. */
export function payloadRefusal(run: () => unknown): { status: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof PayloadError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a PayloadError; the payload was accepted');
}
