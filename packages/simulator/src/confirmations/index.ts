export { ConfirmationSchedule, type ConfirmedTransaction } from './confirmation-schedule.js';
