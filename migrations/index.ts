import type { Knex } from 'knex';
import * as settingsStaffAudit from './20261129000001_settings_staff_audit';
import * as familiesChildren from './20261129000002_families_children';
import * as servicesCalendarPlanning from './20261129000003_services_calendar_planning';
import * as billing from './20261129000004_billing';
import * as portalMessagesDocuments from './20261129000005_portal_messages_documents';
import * as portalAccountSecurity from './20261129000006_portal_account_security';
import * as absenceCertificates from './20261129000007_absence_certificates';
import * as billingRunsPayfip from './20261129000008_billing_runs_payfip';
import * as planningBillingIndex from './20261129000009_planning_billing_index';
import * as onceOnly from './20261202000010_once_only';
import * as paymentsJournal from './20261202000011_payments_journal';
import * as paymentReceipts from './20261202000012_payment_receipts';
import * as chequeDeposits from './20261202000013_cheque_deposits';
import * as invoiceReminders from './20261202000014_invoice_reminders';
import * as pesTitres from './20261202000015_pes_titres';
import * as sepaDirectDebit from './20261202000016_sepa_direct_debit';
import * as directDebitRequest from './20261202000017_direct_debit_request';
import * as calendarFeeds from './20261202000018_calendar_feeds';
import * as attestationSignatory from './20261202000019_attestation_signatory';
import * as bookingReminders from './20261202000020_booking_reminders';
import * as auditFamily from './20261202000021_audit_family';
import * as staffPasswordChange from './20261202000022_staff_password_change';
import * as bulkMessageSends from './20261202000023_bulk_message_sends';
import * as fiscalSharesScale from './20261202000024_fiscal_shares_scale';
import * as serviceHours from './20261202000025_service_hours';
import * as statisticsIndex from './20261202000026_statistics_index';
import * as requestRefusedDays from './20261203000027_request_refused_days';
import * as closureCancelledDays from './20261203000028_closure_cancelled_days';
import * as jobRuns from './20261203000029_job_runs';
import * as sealedSecrets from './20261203000030_sealed_secrets';
import * as anonymisation from './20261203000031_anonymisation';
import * as planningFewerIndexes from './20261204000032_planning_fewer_indexes';
import * as planningDayInvoices from './20261204000033_planning_day_invoices';
import * as attendanceTallies from './20261206000034_attendance_tallies';
import * as requestsPendingKey from './20261206000035_requests_pending_key';

// Listed explicitly rather than read from the folder, so that the same migrations run from
// sources (tsx, vitest) and from the bundled Electron main process.
export const migrations: Record<string, Knex.Migration> = {
  '20261129000001_settings_staff_audit': settingsStaffAudit,
  '20261129000002_families_children': familiesChildren,
  '20261129000003_services_calendar_planning': servicesCalendarPlanning,
  '20261129000004_billing': billing,
  '20261129000005_portal_messages_documents': portalMessagesDocuments,
  '20261129000006_portal_account_security': portalAccountSecurity,
  '20261129000007_absence_certificates': absenceCertificates,
  '20261129000008_billing_runs_payfip': billingRunsPayfip,
  '20261129000009_planning_billing_index': planningBillingIndex,
  '20261202000010_once_only': onceOnly,
  '20261202000011_payments_journal': paymentsJournal,
  '20261202000012_payment_receipts': paymentReceipts,
  '20261202000013_cheque_deposits': chequeDeposits,
  '20261202000014_invoice_reminders': invoiceReminders,
  '20261202000015_pes_titres': pesTitres,
  '20261202000016_sepa_direct_debit': sepaDirectDebit,
  '20261202000017_direct_debit_request': directDebitRequest,
  '20261202000018_calendar_feeds': calendarFeeds,
  '20261202000019_attestation_signatory': attestationSignatory,
  '20261202000020_booking_reminders': bookingReminders,
  '20261202000021_audit_family': auditFamily,
  '20261202000022_staff_password_change': staffPasswordChange,
  '20261202000023_bulk_message_sends': bulkMessageSends,
  '20261202000024_fiscal_shares_scale': fiscalSharesScale,
  '20261202000025_service_hours': serviceHours,
  '20261202000026_statistics_index': statisticsIndex,
  '20261203000027_request_refused_days': requestRefusedDays,
  '20261203000028_closure_cancelled_days': closureCancelledDays,
  '20261203000029_job_runs': jobRuns,
  '20261203000030_sealed_secrets': sealedSecrets,
  '20261203000031_anonymisation': anonymisation,
  '20261204000032_planning_fewer_indexes': planningFewerIndexes,
  '20261204000033_planning_day_invoices': planningDayInvoices,
  '20261206000034_attendance_tallies': attendanceTallies,
  '20261206000035_requests_pending_key': requestsPendingKey,
};
