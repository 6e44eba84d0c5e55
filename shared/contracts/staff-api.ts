import type { BackupsView } from './backups';
import type { anonymisationConfirmInput, AnonymisationView, anonymisationYearsInput } from './anonymisation';
import type { z } from './zod-fr';
import type { childcareAttestationsInput, ChildcareAttestationsPdf } from './attestations';
import type { StaffDashboard } from './dashboard';
import type { gridExportInput, GridExportFile } from './exports';
import type { auditListInput, AuditPage } from './audit';
import type { AcceptManyResult, requestsAcceptManyInput } from './requests';
import type { StaffStatistics, statisticsInput } from './statistics';
import type { RollCallChildOption, rollCallAddInput, rollCallChildSearchInput } from './attendance';
import type { agentBookingInput, AgentBookingOutcome, AgentChildMonth, agentChildMonthInput } from './planning';
import type { StaffAccountRow, staffChangePasswordInput, staffResetPasswordInput, staffUpdateInput } from './staff';
import type { ChildSummary, FamiliesPage, FamilyDetail } from './families';
import type { byId, childCreateInput, childUpdateInput, familiesListInput, familyInput, familyUpdateInput } from './families';
import type { staffCreateInput, staffLoginInput, StaffUserView } from './staff';
import type { familyRef, portalAccountCreateInput, portalAccountTemporaryPasswordInput, PortalAccountView } from './portal-accounts';
import type {
  billingSettingsInput,
  communeSettingsInput,
  CommuneSettingsView,
  homeMessageInput,
  portalSettingsInput,
  smtpSettingsInput,
  testEmailInput,
} from './settings';
import type {
  bulkMessageInput,
  bulkRecipientsInput,
  BulkRecipients,
  ThreadDetail,
  threadHandledInput,
  threadReplyInput,
  ThreadsPage,
  threadsListInput,
  writeToFamilyInput,
} from './messages';
import type { documentCreateInput, documentUpdateInput, DocumentView } from './documents';
import type { personsUpdateInput, sectionRefInput, sectionUpdateInput, SectionView, vaccinationsUpdateInput } from './record-edits';
import type { AuthorizedPersonInput, VaccinationInput } from './requests';
import type { enrolmentCreateInput, enrolmentEndInput, EnrolmentView } from './enrolments';
import type {
  ClosureAdded,
  ClosureImpact,
  closureInput,
  closureScopeInput,
  ClosureView,
  HolidayView,
  holidayUpdateInput,
  serviceSettingsInput,
  ServiceSettings,
} from './services';
import type {
  attendanceMarkInput,
  attendanceSheetInput,
  AttendanceSheet,
  CapacityDay,
  capacityMonthInput,
  CertificateFile,
  ServiceOption,
} from './attendance';
import type {
  RequestDetail,
  RequestQueueRow,
  requestDecisionInput,
  requestModesInput,
  requestRefusalInput,
  requestsListInput,
} from './requests';

import type {
  InvoiceDetail,
  InvoiceRunPreview,
  InvoicesPage,
  InvoicesPdf,
  PaymentsPage,
  TariffsView,
  invoiceCancelInput,
  invoicePdfInput,
  invoiceRunInput,
  invoicesListInput,
  paymentDecisionInput,
  paymentRecordInput,
  paymentsListInput,
  paymentsJournalInput,
  paymentCancelInput,
  PaymentsJournal,
  OpenInvoicesByRegie,
  pendingChequesInput,
  PendingCheque,
  chequeDepositInput,
  ChequeDepositView,
  optionalRegie,
  cashJournalInput,
  CashJournal,
  unpaidListInput,
  UnpaidPage,
  remindersSendInput,
  RemindersSent,
  ReminderView,
  titresInput,
  TitresPreview,
  receiptInput,
  TitreBordereauView,
  pesSettingsInput,
  PesSettingsView,
  sepaSettingsInput,
  mandateRecordInput,
  MandateView,
  sepaBatchInput,
  SepaBatchView,
  sepaRejectInput,
  sepaWithdrawInput,
  SepaDebitView,
  SepaSettingsView,
  tariffSaveInput,
  tariffsListInput,
} from './billing';

type Empty = Record<string, never>;

/**
 * The staff API: every named operation, its input (before validation) and its output.
 * Both doors (IPC and HTTP) and the renderer's client are typed from this one table.
 */
export interface StaffApi {
  'auth.login': { input: z.input<typeof staffLoginInput>; output: StaffUserView };
  'auth.logout': { input: Empty; output: { loggedOut: true } };
  'auth.me': { input: Empty; output: StaffUserView };
  /** The server's clock: the back-office's « today » is the commune's, not the workstation's. */
  'clock.now': { input: Empty; output: { now: string; today: string } };
  'staff.create': { input: z.input<typeof staffCreateInput>; output: StaffUserView };
  'families.list': { input: z.input<typeof familiesListInput>; output: FamiliesPage };
  'families.get': { input: z.input<typeof byId>; output: FamilyDetail };
  'families.create': { input: z.input<typeof familyInput>; output: FamilyDetail };
  'families.update': { input: z.input<typeof familyUpdateInput>; output: FamilyDetail };
  'children.create': { input: z.input<typeof childCreateInput>; output: ChildSummary };
  'children.update': { input: z.input<typeof childUpdateInput>; output: ChildSummary };
  'portalAccounts.get': { input: z.input<typeof familyRef>; output: PortalAccountView | null };
  'portalAccounts.create': { input: z.input<typeof portalAccountCreateInput>; output: PortalAccountView };
  'portalAccounts.sendActivation': { input: z.input<typeof familyRef>; output: PortalAccountView };
  'portalAccounts.regenerateLogin': { input: z.input<typeof portalAccountCreateInput>; output: PortalAccountView };
  'portalAccounts.disable': { input: z.input<typeof familyRef>; output: PortalAccountView };
  'portalAccounts.enable': { input: z.input<typeof familyRef>; output: PortalAccountView };
  'portalAccounts.setTemporaryPassword': { input: z.input<typeof portalAccountTemporaryPasswordInput>; output: PortalAccountView };
  'settings.get': { input: Empty; output: CommuneSettingsView };
  'settings.updateHomeMessage': { input: z.input<typeof homeMessageInput>; output: CommuneSettingsView };
  'settings.updatePortal': { input: z.input<typeof portalSettingsInput>; output: CommuneSettingsView };
  'settings.updateCommune': { input: z.input<typeof communeSettingsInput>; output: CommuneSettingsView };
  'settings.updateSmtp': { input: z.input<typeof smtpSettingsInput>; output: CommuneSettingsView };
  'settings.testEmail': { input: z.input<typeof testEmailInput>; output: { queued: true; to: string } };
  'settings.recentEmails': {
    input: Empty;
    output: Array<{ to: string; subject: string; status: string; error: string | null; createdAt: string; sentAt: string | null }>;
  };
  'settings.updateBilling': { input: z.input<typeof billingSettingsInput>; output: CommuneSettingsView };
  'settings.updateRequestModes': { input: z.input<typeof requestModesInput>; output: CommuneSettingsView };
  'requests.list': { input: z.input<typeof requestsListInput>; output: { rows: RequestQueueRow[]; total: number } };
  'requests.get': { input: z.input<typeof byId>; output: RequestDetail };
  'requests.accept': { input: z.input<typeof requestDecisionInput>; output: RequestDetail };
  'requests.refuse': { input: z.input<typeof requestRefusalInput>; output: RequestDetail };
  'records.getSection': { input: z.input<typeof sectionRefInput>; output: SectionView };
  'records.updateSection': { input: z.input<typeof sectionUpdateInput>; output: SectionView };
  'records.getPersons': { input: z.input<typeof byId>; output: { persons: AuthorizedPersonInput[] } };
  'records.updatePersons': { input: z.input<typeof personsUpdateInput>; output: { persons: AuthorizedPersonInput[] } };
  'services.options': { input: Empty; output: ServiceOption[] };
  'services.settings': { input: Empty; output: ServiceSettings[] };
  'services.updateSettings': { input: z.input<typeof serviceSettingsInput>; output: ServiceSettings[] };
  'closures.list': { input: Empty; output: ClosureView[] };
  'structures.list': { input: Empty; output: Array<{ id: number; name: string }> };
  'calendar.holidays': { input: Empty; output: HolidayView[] };
  'calendar.updateHoliday': { input: z.input<typeof holidayUpdateInput>; output: HolidayView[] };
  'closures.preview': { input: z.input<typeof closureScopeInput>; output: ClosureImpact };
  'closures.add': { input: z.input<typeof closureInput>; output: ClosureAdded };
  'closures.remove': { input: z.input<typeof byId>; output: ClosureView[] };
  'enrolments.list': { input: z.input<typeof byId>; output: EnrolmentView[] };
  'enrolments.create': { input: z.input<typeof enrolmentCreateInput>; output: EnrolmentView[] };
  'enrolments.end': { input: z.input<typeof enrolmentEndInput>; output: EnrolmentView[] };
  'attendance.sheet': { input: z.input<typeof attendanceSheetInput>; output: AttendanceSheet };
  'attendance.mark': { input: z.input<typeof attendanceMarkInput>; output: AttendanceSheet };
  'capacity.month': { input: z.input<typeof capacityMonthInput>; output: CapacityDay[] };
  'certificates.get': { input: z.input<typeof byId>; output: CertificateFile };
  'records.getVaccinations': { input: z.input<typeof byId>; output: { vaccinations: VaccinationInput[] } };
  'records.updateVaccinations': { input: z.input<typeof vaccinationsUpdateInput>; output: { vaccinations: VaccinationInput[] } };
  'billing.regies': { input: Empty; output: Array<{ id: number; name: string; prefix: string }> };
  'billing.preview': { input: z.input<typeof invoiceRunInput>; output: InvoiceRunPreview };
  'billing.issue': {
    input: z.input<typeof invoiceRunInput>;
    output: { invoices: number; totalCents: number; numbers: Array<{ regie: string; from: string; to: string }>; emailed: number };
  };
  'billing.familyBalance': { input: z.input<typeof familyRef>; output: { balanceCents: number; toConfirmCents: number } };
  'invoices.list': { input: z.input<typeof invoicesListInput>; output: InvoicesPage };
  'invoices.get': { input: z.input<typeof byId>; output: InvoiceDetail };
  'invoices.cancel': { input: z.input<typeof invoiceCancelInput>; output: { creditNoteId: number; creditNoteNumber: string } };
  'invoices.pdf': { input: z.input<typeof invoicePdfInput>; output: InvoicesPdf };
  'dashboard.get': { input: Empty; output: StaffDashboard };
  'requests.acceptMany': { input: z.input<typeof requestsAcceptManyInput>; output: AcceptManyResult };
  'backups.list': { input: Empty; output: BackupsView };
  'backups.run': { input: Empty; output: BackupsView };
  'anonymisation.view': { input: Empty; output: AnonymisationView };
  'anonymisation.setYears': { input: z.input<typeof anonymisationYearsInput>; output: AnonymisationView };
  'anonymisation.enable': { input: z.input<typeof anonymisationConfirmInput>; output: AnonymisationView };
  'anonymisation.disable': { input: Empty; output: AnonymisationView };
  'anonymisation.run': { input: z.input<typeof anonymisationConfirmInput>; output: AnonymisationView };
  'families.personalData': { input: { familyId: number; format: 'json' | 'pdf' }; output: { fileName: string; base64: string } };
  'planning.childMonth': { input: z.input<typeof agentChildMonthInput>; output: AgentChildMonth };
  'planning.book': { input: z.input<typeof agentBookingInput>; output: AgentBookingOutcome[] };
  'statistics.get': { input: z.input<typeof statisticsInput>; output: StaffStatistics };
  'attendance.searchChildren': { input: z.input<typeof rollCallChildSearchInput>; output: RollCallChildOption[] };
  'attendance.addUnannounced': { input: z.input<typeof rollCallAddInput>; output: AttendanceSheet };
  'attendance.rollPdf': { input: z.input<typeof attendanceSheetInput>; output: { fileName: string; base64: string } };
  'staff.list': { input: Empty; output: StaffAccountRow[] };
  'staff.update': { input: z.input<typeof staffUpdateInput>; output: StaffAccountRow[] };
  'staff.resetPassword': { input: z.input<typeof staffResetPasswordInput>; output: StaffAccountRow[] };
  'auth.changePassword': { input: z.input<typeof staffChangePasswordInput>; output: StaffUserView };
  'audit.list': { input: z.input<typeof auditListInput>; output: AuditPage };
  'audit.actions': { input: Empty; output: string[] };
  'exports.grid': { input: z.input<typeof gridExportInput>; output: GridExportFile };
  'attestations.childcare': { input: z.input<typeof childcareAttestationsInput>; output: ChildcareAttestationsPdf };
  'payments.list': { input: z.input<typeof paymentsListInput>; output: PaymentsPage };
  'payments.record': {
    input: z.input<typeof paymentRecordInput>;
    output: {
      paymentId: number;
      allocations: Array<{ invoiceId: number; number: string; amountCents: number }>;
      creditCents: number;
      receiptNumber: number | null;
    };
  };
  'payments.confirm': { input: z.input<typeof paymentDecisionInput>; output: { confirmed: true } };
  'payments.reject': { input: z.input<typeof paymentDecisionInput>; output: { rejected: true } };
  'payments.journal': { input: z.input<typeof paymentsJournalInput>; output: PaymentsJournal };
  'payments.cancel': { input: z.input<typeof paymentCancelInput>; output: { cancellationId: number } };
  'payments.receipt': { input: z.input<typeof receiptInput>; output: { fileName: string; base64: string } };
  'cheques.pending': { input: z.input<typeof pendingChequesInput>; output: PendingCheque[] };
  'cheques.deposit': { input: z.input<typeof chequeDepositInput>; output: ChequeDepositView };
  'cheques.deposits': { input: z.input<typeof optionalRegie>; output: ChequeDepositView[] };
  'cheques.depositPdf': { input: z.input<typeof byId>; output: { fileName: string; base64: string } };
  'cash.journal': { input: z.input<typeof cashJournalInput>; output: CashJournal };
  'cash.journalPdf': { input: z.input<typeof cashJournalInput>; output: { fileName: string; base64: string } };
  'unpaid.list': { input: z.input<typeof unpaidListInput>; output: UnpaidPage };
  'reminders.send': { input: z.input<typeof remindersSendInput>; output: RemindersSent };
  'reminders.ofFamily': { input: z.input<typeof familyRef>; output: ReminderView[] };
  'titres.preview': { input: z.input<typeof titresInput>; output: TitresPreview };
  'titres.issue': { input: z.input<typeof titresInput>; output: TitreBordereauView & { base64: string } };
  'titres.list': { input: Empty; output: TitreBordereauView[] };
  'titres.file': { input: z.input<typeof byId>; output: { fileName: string; base64: string } };
  'settings.pes': { input: z.input<typeof pesSettingsInput>; output: { saved: true } };
  'settings.pesGet': { input: Empty; output: PesSettingsView };
  'settings.sepa': { input: z.input<typeof sepaSettingsInput>; output: { saved: true } };
  'mandates.list': { input: z.input<typeof familyRef>; output: MandateView[] };
  'mandates.record': { input: z.input<typeof mandateRecordInput>; output: MandateView };
  'mandates.revoke': { input: z.input<typeof byId>; output: { revoked: true } };
  'sepa.prepare': { input: z.input<typeof sepaBatchInput>; output: SepaBatchView & { base64: string } };
  'sepa.confirm': { input: z.input<typeof byId>; output: { confirmed: number } };
  'sepa.reject': { input: z.input<typeof sepaRejectInput>; output: { rejected: true } };
  'sepa.withdraw': { input: z.input<typeof sepaWithdrawInput>; output: { withdrawn: true } };
  'sepa.batches': { input: Empty; output: SepaBatchView[] };
  'sepa.debits': { input: z.input<typeof byId>; output: SepaDebitView[] };
  'settings.sepaGet': { input: Empty; output: SepaSettingsView };
  'sepa.file': { input: z.input<typeof byId>; output: { fileName: string; base64: string } };
  'payments.openInvoices': { input: z.input<typeof familyRef>; output: OpenInvoicesByRegie };
  'tariffs.list': { input: z.input<typeof tariffsListInput>; output: TariffsView };
  'tariffs.save': { input: z.input<typeof tariffSaveInput>; output: { saved: true } };
  'messages.threads': { input: z.input<typeof threadsListInput>; output: ThreadsPage };
  'messages.thread': { input: z.input<typeof byId>; output: ThreadDetail };
  'messages.reply': { input: z.input<typeof threadReplyInput>; output: ThreadDetail };
  'messages.setHandled': { input: z.input<typeof threadHandledInput>; output: ThreadDetail };
  'messages.write': { input: z.input<typeof writeToFamilyInput>; output: ThreadDetail };
  'messages.bulk': { input: z.input<typeof bulkMessageInput>; output: { families: number; emails: number; bulkId: string } };
  'messages.bulkRecipients': { input: z.input<typeof bulkRecipientsInput>; output: BulkRecipients };
  'messages.unread': { input: Empty; output: Array<{ structureId: number | null; unread: number }> };
  'messages.attachment': { input: z.input<typeof byId>; output: { filename: string; mimeType: string; base64: string } };
  'documents.list': { input: Empty; output: DocumentView[] };
  'documents.create': { input: z.input<typeof documentCreateInput>; output: DocumentView[] };
  'documents.update': { input: z.input<typeof documentUpdateInput>; output: DocumentView[] };
  'documents.remove': { input: z.input<typeof byId>; output: DocumentView[] };
  'forms.enrolmentPdf': {
    input: { familyId: number } | { serviceId: number } | { blank: true };
    output: { fileName: string; base64: string; count: number };
  };
}

export type StaffOperationName = keyof StaffApi;
export type StaffInput<N extends StaffOperationName> = StaffApi[N]['input'];
export type StaffOutput<N extends StaffOperationName> = StaffApi[N]['output'];
