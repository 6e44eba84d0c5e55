import { z } from '../contracts/zod-fr';
import { byId, childCreateInput, childUpdateInput, familiesListInput, familyInput, familyUpdateInput } from '../contracts/families';
import { staffCreateInput, staffLoginInput } from '../contracts/staff';
import { familyRef, portalAccountCreateInput, portalAccountTemporaryPasswordInput } from '../contracts/portal-accounts';
import {
  billingSettingsInput,
  communeSettingsInput,
  homeMessageInput,
  portalSettingsInput,
  smtpSettingsInput,
  testEmailInput,
} from '../contracts/settings';
import { requestDecisionInput, requestModesInput, requestRefusalInput, requestsListInput } from '../contracts/requests';
import { listRequests, requestDetail } from './requests/queue';
import { acceptRequest, refuseRequest } from './requests/decide';
import { personsUpdateInput, sectionRefInput, sectionUpdateInput, vaccinationsUpdateInput } from '../contracts/record-edits';
import { getPersons, getSection, getVaccinations, updatePersons, updateSection, updateVaccinations } from './records/agent-edits';
import { attendanceMarkInput, attendanceSheetInput, capacityMonthInput } from '../contracts/attendance';
import { capacityMonth } from './attendance/capacity';
import { enrolmentCreateInput, enrolmentEndInput } from '../contracts/enrolments';
import { childEnrolments, createEnrolment, endEnrolment } from './enrolments/service';
import { closureInput, closureScopeInput, holidayUpdateInput, serviceSettingsInput } from '../contracts/services';
import {
  addClosure,
  listClosures,
  listHolidays,
  listServiceSettings,
  listStructures,
  removeClosure,
  updateHoliday,
  updateServiceSettings,
} from './planning/service-settings';
import { closureImpact } from './planning/closure-bookings';
import { attendanceSheet, certificateFile, markAttendance, serviceOptions } from './attendance/service';
import {
  createPortalAccount,
  portalAccountView,
  regenerateLogin,
  resendActivation,
  setPortalAccountEnabled,
  setTemporaryPassword,
} from './accounts/portal-accounts';
import {
  getSettings,
  recentEmails,
  sendTestEmail,
  updateBillingSettings,
  updateCommuneSettings,
  updateHomeMessage,
  updatePortalSettings,
  updateRequestModes,
  updateSmtpSettings,
} from './settings/service';
import type { StaffOperationName } from '../contracts/staff-api';
import { createStaffUser, currentStaffUser, staffLogin, staffLogout } from './accounts/staff-auth';
import { createChild, updateChild } from './children/service';
import { createFamily, getFamily, listFamilies, updateFamily } from './families/service';
import { staffOperation, type StaffOperation } from './operation';
import { paymentsJournal } from './billing/payments-journal';
import { cancelPayment } from './billing/payment-cancel';
import { openInvoicesByRegie } from './billing/payment-regie';
import { staffPaymentReceipt } from './billing/staff-receipt';
import { depositCheques, depositPdf, listDeposits, pendingCheques } from './billing/cheque-deposits';
import { cashJournal, cashJournalPdf } from './billing/cash-journal';
import { listUnpaid } from './billing/unpaid';
import { familyReminders, sendReminders } from './billing/reminders';
import { familyMandates, recordMandate, revokeMandate, sepaSettings, updateSepaSettings } from './billing/sepa/mandates';
import {
  confirmSepaBatch,
  listSepaBatches,
  prepareSepaBatch,
  withdrawSepaDebit,
  rejectSepaDebit,
  sepaBatchDebits,
  sepaBatchFile,
} from './billing/sepa/batches';
import { issueTitres, listTitreBordereaux, pesSettings, previewTitres, titreFile, updatePesSettings } from './billing/titres/titres';
import {
  invoiceCancelInput,
  invoicePdfInput,
  invoiceRunInput,
  invoicesListInput,
  paymentDecisionInput,
  paymentRecordInput,
  paymentsListInput,
  paymentsJournalInput,
  paymentCancelInput,
  pendingChequesInput,
  chequeDepositInput,
  cashJournalInput,
  optionalRegie,
  unpaidListInput,
  remindersSendInput,
  titresInput,
  pesSettingsInput,
  sepaSettingsInput,
  mandateRecordInput,
  sepaBatchInput,
  sepaRejectInput,
  sepaWithdrawInput,
  receiptInput,
  tariffSaveInput,
  tariffsListInput,
} from '../contracts/billing';
import { issueInvoiceRun } from './billing/invoice-run';
import { cancelInvoice } from './billing/credit-note';
import { confirmPayment, listPayments, recordPayment, rejectPayment } from './billing/payments';
import { familyBalance, invoiceDetail, listInvoices, listRegies, previewInvoiceRun, staffInvoicesPdf } from './billing/staff-invoices';
import { listTariffs, saveTariff } from './billing/tariffs';
import {
  bulkMessageInput,
  bulkRecipientsInput,
  threadHandledInput,
  threadReplyInput,
  threadsListInput,
  writeToFamilyInput,
} from '../contracts/messages';
import {
  listThreads,
  replyToThread,
  sendBulkMessage,
  bulkRecipients,
  setThreadHandled,
  staffAttachment,
  threadDetail,
  unreadByStructure,
  writeToFamily,
} from './messages/staff-messaging';
import { documentCreateInput, documentUpdateInput } from '../contracts/documents';
import { createDocument, listDocuments, removeDocument, updateDocument } from './documents/manage';
import { enrolmentFormsInput, staffEnrolmentForms } from './documents/staff-forms';

import { nowIso, today } from './clock';
import { attestationOperations } from './billing/childcare-attestation-batch';
import { dashboardOperations } from './dashboard/dashboard';
import { exportOperations } from './exports/grid-exports';
import { auditOperations } from './audit/audit-viewer';
import { staffAdminOperations } from './accounts/staff-admin';
import { acceptManyOperations } from './requests/accept-many';
import { backupOperations } from './backups/backups';
import { anonymisationOperations } from './anonymisation/anonymisation';
import { personalDataOperations } from './families/personal-data';
import { agentBookingOperations } from './planning/agent-booking';
import { statisticsOperations } from './statistics/statistics';
import { unannouncedOperations } from './attendance/unannounced';
import { rollPdfOperations } from './attendance/roll-pdf';

const empty = z.object({}).strict();

/**
 * The staff API's handler table, shared by the IPC and HTTP doors (as Actual's loot-core
 * handlers are by its IPC and web builds). Each entry: its input schema, who may call it,
 * and the core function it runs.
 */
// biome-ignore lint/suspicious/noExplicitAny: one table of operations of every input and output type; each entry is typed by staffOperation().
export const staffOperations: Record<StaffOperationName, StaffOperation<any, any>> = {
  'auth.login': staffOperation({ input: staffLoginInput, access: 'public', run: staffLogin }),
  'auth.logout': staffOperation({ input: empty, access: 'self', run: (ctx) => staffLogout(ctx) }),
  'auth.me': staffOperation({ input: empty, access: 'self', run: (ctx) => currentStaffUser(ctx) }),
  'clock.now': staffOperation({ input: empty, access: 'self', run: async (ctx) => ({ now: nowIso(ctx.clock), today: today(ctx.clock) }) }),
  'staff.create': staffOperation({ input: staffCreateInput, access: 'admin', run: createStaffUser }),
  'families.list': staffOperation({ input: familiesListInput, access: 'agent', run: (ctx, input) => listFamilies(ctx.db, input) }),
  'families.get': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => getFamily(ctx.db, input.id) }),
  'families.create': staffOperation({ input: familyInput, access: 'agent', run: createFamily }),
  'families.update': staffOperation({ input: familyUpdateInput, access: 'agent', run: updateFamily }),
  'children.create': staffOperation({ input: childCreateInput, access: 'agent', run: createChild }),
  'children.update': staffOperation({ input: childUpdateInput, access: 'agent', run: updateChild }),
  'portalAccounts.get': staffOperation({ input: familyRef, access: 'agent', run: (ctx, input) => portalAccountView(ctx, input.familyId) }),
  'portalAccounts.create': staffOperation({ input: portalAccountCreateInput, access: 'agent', run: createPortalAccount }),
  'portalAccounts.sendActivation': staffOperation({ input: familyRef, access: 'agent', run: resendActivation }),
  'portalAccounts.regenerateLogin': staffOperation({ input: portalAccountCreateInput, access: 'agent', run: regenerateLogin }),
  'portalAccounts.disable': staffOperation({
    input: familyRef,
    access: 'agent',
    run: (ctx, input) => setPortalAccountEnabled(ctx, input, false),
  }),
  'portalAccounts.enable': staffOperation({
    input: familyRef,
    access: 'agent',
    run: (ctx, input) => setPortalAccountEnabled(ctx, input, true),
  }),
  'portalAccounts.setTemporaryPassword': staffOperation({
    input: portalAccountTemporaryPasswordInput,
    access: 'agent',
    run: setTemporaryPassword,
  }),
  'settings.get': staffOperation({ input: empty, access: 'agent', run: (ctx) => getSettings(ctx) }),
  'settings.updateHomeMessage': staffOperation({
    input: homeMessageInput,
    access: 'agent',
    run: updateHomeMessage,
    changesReferenceData: true,
  }),
  'settings.updatePortal': staffOperation({
    input: portalSettingsInput,
    access: 'admin',
    run: updatePortalSettings,
    changesReferenceData: true,
  }),
  'settings.updateCommune': staffOperation({
    input: communeSettingsInput,
    access: 'admin',
    run: updateCommuneSettings,
    changesReferenceData: true,
  }),
  'settings.updateSmtp': staffOperation({ input: smtpSettingsInput, access: 'admin', run: updateSmtpSettings, changesReferenceData: true }),
  'settings.testEmail': staffOperation({ input: testEmailInput, access: 'admin', run: sendTestEmail }),
  'settings.recentEmails': staffOperation({ input: empty, access: 'admin', run: (ctx) => recentEmails(ctx) }),
  'settings.updateBilling': staffOperation({
    input: billingSettingsInput,
    access: 'admin',
    run: updateBillingSettings,
    changesReferenceData: true,
  }),
  'settings.updateRequestModes': staffOperation({
    input: requestModesInput,
    access: 'admin',
    run: updateRequestModes,
    changesReferenceData: true,
  }),
  'requests.list': staffOperation({ input: requestsListInput, access: 'agent', run: listRequests }),
  'requests.get': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => requestDetail(ctx, input.id) }),
  'requests.accept': staffOperation({ input: requestDecisionInput, access: 'agent', run: acceptRequest }),
  'requests.refuse': staffOperation({ input: requestRefusalInput, access: 'agent', run: refuseRequest }),
  'records.getSection': staffOperation({ input: sectionRefInput, access: 'agent', run: getSection }),
  'records.updateSection': staffOperation({ input: sectionUpdateInput, access: 'agent', run: updateSection }),
  'records.getPersons': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => getPersons(ctx, input.id) }),
  'records.updatePersons': staffOperation({ input: personsUpdateInput, access: 'agent', run: updatePersons }),
  'services.options': staffOperation({ input: empty, access: 'agent', run: (ctx) => serviceOptions(ctx) }),
  'services.settings': staffOperation({ input: empty, access: 'agent', run: (ctx) => listServiceSettings(ctx) }),
  'services.updateSettings': staffOperation({
    input: serviceSettingsInput,
    access: 'admin',
    run: updateServiceSettings,
    changesReferenceData: true,
  }),
  'closures.list': staffOperation({ input: empty, access: 'agent', run: (ctx) => listClosures(ctx) }),
  'structures.list': staffOperation({ input: empty, access: 'agent', run: (ctx) => listStructures(ctx) }),
  'calendar.holidays': staffOperation({ input: empty, access: 'agent', run: (ctx) => listHolidays(ctx) }),
  'calendar.updateHoliday': staffOperation({ input: holidayUpdateInput, access: 'admin', run: updateHoliday, changesReferenceData: true }),
  'closures.preview': staffOperation({ input: closureScopeInput, access: 'agent', run: closureImpact }),
  'closures.add': staffOperation({ input: closureInput, access: 'agent', run: addClosure, changesReferenceData: true }),
  'closures.remove': staffOperation({
    input: byId,
    access: 'agent',
    run: (ctx, input) => removeClosure(ctx, input.id),
    changesReferenceData: true,
  }),
  'enrolments.list': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => childEnrolments(ctx, input.id) }),
  'enrolments.create': staffOperation({ input: enrolmentCreateInput, access: 'agent', run: createEnrolment }),
  'enrolments.end': staffOperation({ input: enrolmentEndInput, access: 'agent', run: endEnrolment }),
  'attendance.sheet': staffOperation({ input: attendanceSheetInput, access: 'agent', run: attendanceSheet }),
  'attendance.mark': staffOperation({ input: attendanceMarkInput, access: 'agent', run: markAttendance }),
  'capacity.month': staffOperation({ input: capacityMonthInput, access: 'agent', run: capacityMonth }),
  'certificates.get': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => certificateFile(ctx, input.id) }),
  'records.getVaccinations': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => getVaccinations(ctx, input.id) }),
  'records.updateVaccinations': staffOperation({ input: vaccinationsUpdateInput, access: 'agent', run: updateVaccinations }),
  'billing.regies': staffOperation({ input: empty, access: 'agent', run: (ctx) => listRegies(ctx) }),
  'billing.preview': staffOperation({ input: invoiceRunInput, access: 'agent', run: previewInvoiceRun }),
  'billing.issue': staffOperation({ input: invoiceRunInput, access: 'agent', run: issueInvoiceRun }),
  'billing.familyBalance': staffOperation({ input: familyRef, access: 'agent', run: (ctx, input) => familyBalance(ctx, input.familyId) }),
  'invoices.list': staffOperation({ input: invoicesListInput, access: 'agent', run: listInvoices }),
  'invoices.get': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => invoiceDetail(ctx, input.id) }),
  'invoices.cancel': staffOperation({ input: invoiceCancelInput, access: 'agent', run: cancelInvoice }),
  'invoices.pdf': staffOperation({ input: invoicePdfInput, access: 'agent', run: staffInvoicesPdf }),
  'payments.list': staffOperation({ input: paymentsListInput, access: 'agent', run: listPayments }),
  'payments.record': staffOperation({ input: paymentRecordInput, access: 'agent', run: recordPayment }),
  'payments.confirm': staffOperation({ input: paymentDecisionInput, access: 'agent', run: confirmPayment }),
  'payments.reject': staffOperation({ input: paymentDecisionInput, access: 'agent', run: rejectPayment }),
  'payments.journal': staffOperation({ input: paymentsJournalInput, access: 'agent', run: paymentsJournal }),
  'payments.cancel': staffOperation({ input: paymentCancelInput, access: 'agent', run: cancelPayment }),
  'payments.receipt': staffOperation({
    input: receiptInput,
    access: 'agent',
    run: (ctx, input) => staffPaymentReceipt(ctx, input.id, input.copy),
  }),
  'cheques.pending': staffOperation({ input: pendingChequesInput, access: 'agent', run: pendingCheques }),
  'cheques.deposit': staffOperation({ input: chequeDepositInput, access: 'agent', run: depositCheques }),
  'cheques.deposits': staffOperation({ input: optionalRegie, access: 'agent', run: (ctx, input) => listDeposits(ctx, input.regieId) }),
  'cheques.depositPdf': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => depositPdf(ctx, input.id) }),
  'cash.journal': staffOperation({ input: cashJournalInput, access: 'agent', run: cashJournal }),
  'cash.journalPdf': staffOperation({ input: cashJournalInput, access: 'agent', run: cashJournalPdf }),
  'unpaid.list': staffOperation({ input: unpaidListInput, access: 'agent', run: listUnpaid }),
  'reminders.send': staffOperation({ input: remindersSendInput, access: 'agent', run: sendReminders }),
  'reminders.ofFamily': staffOperation({ input: familyRef, access: 'agent', run: (ctx, input) => familyReminders(ctx, input.familyId) }),
  'titres.preview': staffOperation({ input: titresInput, access: 'agent', run: previewTitres }),
  'titres.issue': staffOperation({ input: titresInput, access: 'agent', run: issueTitres }),
  'titres.list': staffOperation({ input: empty, access: 'agent', run: (ctx) => listTitreBordereaux(ctx) }),
  'titres.file': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => titreFile(ctx, input.id) }),
  'settings.pes': staffOperation({ input: pesSettingsInput, access: 'admin', run: updatePesSettings }),
  'settings.pesGet': staffOperation({ input: empty, access: 'agent', run: (ctx) => pesSettings(ctx) }),
  'settings.sepa': staffOperation({ input: sepaSettingsInput, access: 'admin', run: updateSepaSettings }),
  'mandates.list': staffOperation({ input: familyRef, access: 'agent', run: (ctx, input) => familyMandates(ctx, input.familyId) }),
  'mandates.record': staffOperation({ input: mandateRecordInput, access: 'agent', run: recordMandate }),
  'mandates.revoke': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => revokeMandate(ctx, input.id) }),
  'sepa.prepare': staffOperation({ input: sepaBatchInput, access: 'agent', run: prepareSepaBatch }),
  'sepa.confirm': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => confirmSepaBatch(ctx, input.id) }),
  'sepa.reject': staffOperation({ input: sepaRejectInput, access: 'agent', run: rejectSepaDebit }),
  'sepa.withdraw': staffOperation({
    input: sepaWithdrawInput,
    access: 'agent',
    run: (ctx, input) => withdrawSepaDebit(ctx, input.debitId),
  }),
  'sepa.batches': staffOperation({ input: empty, access: 'agent', run: (ctx) => listSepaBatches(ctx) }),
  'sepa.debits': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => sepaBatchDebits(ctx, input.id) }),
  'settings.sepaGet': staffOperation({ input: empty, access: 'agent', run: (ctx) => sepaSettings(ctx) }),
  'sepa.file': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => sepaBatchFile(ctx, input.id) }),
  'payments.openInvoices': staffOperation({
    input: familyRef,
    access: 'agent',
    run: (ctx, input) => openInvoicesByRegie(ctx.db, input.familyId),
  }),
  'tariffs.list': staffOperation({ input: tariffsListInput, access: 'agent', run: listTariffs }),
  'tariffs.save': staffOperation({ input: tariffSaveInput, access: 'admin', run: saveTariff }),
  'messages.threads': staffOperation({ input: threadsListInput, access: 'agent', run: listThreads }),
  'messages.thread': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => threadDetail(ctx, input.id) }),
  'messages.reply': staffOperation({ input: threadReplyInput, access: 'agent', run: replyToThread }),
  'messages.setHandled': staffOperation({ input: threadHandledInput, access: 'agent', run: setThreadHandled }),
  'messages.write': staffOperation({ input: writeToFamilyInput, access: 'agent', run: writeToFamily }),
  'messages.bulk': staffOperation({ input: bulkMessageInput, access: 'agent', run: sendBulkMessage }),
  'messages.bulkRecipients': staffOperation({ input: bulkRecipientsInput, access: 'agent', run: bulkRecipients }),
  'messages.unread': staffOperation({ input: empty, access: 'agent', run: (ctx) => unreadByStructure(ctx) }),
  'messages.attachment': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => staffAttachment(ctx, input.id) }),
  'documents.list': staffOperation({ input: empty, access: 'agent', run: (ctx) => listDocuments(ctx) }),
  'documents.create': staffOperation({ input: documentCreateInput, access: 'agent', run: createDocument }),
  'documents.update': staffOperation({ input: documentUpdateInput, access: 'agent', run: updateDocument }),
  'documents.remove': staffOperation({ input: byId, access: 'agent', run: (ctx, input) => removeDocument(ctx, input.id) }),
  'forms.enrolmentPdf': staffOperation({ input: enrolmentFormsInput, access: 'agent', run: staffEnrolmentForms }),
  ...attestationOperations,
  ...dashboardOperations,
  ...exportOperations,
  ...auditOperations,
  ...staffAdminOperations,
  ...acceptManyOperations,
  ...backupOperations,
  ...anonymisationOperations,
  ...personalDataOperations,
  ...agentBookingOperations,
  ...statisticsOperations,
  ...unannouncedOperations,
  ...rollPdfOperations,
};

export const staffOperationNames = Object.keys(staffOperations) as StaffOperationName[];
