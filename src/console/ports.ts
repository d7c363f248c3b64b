/**
 * What the staff console needs from the rest of the system. Pages talk only to these ports; src/temporal
 * implements the journey one, and the communications record (issue 12) and the operating switches (issue 11)
 * implement the other two. A deployment without one of them shows no link to its page, and the page answers
 * 404 "not available": the console never shows made-up data.
 *
 * Patient data (NHS number, name, event details) appears here decrypted, for the server to render to an
 * authorised member of staff: it never goes into a URL, a log line or a metric.
 */
import type { EscalationOutcome, StaffRole } from '../domain/timeline';
import type { NhsNumber } from '../domain/nhs-number';
import type { EscalationOutcomeResult } from '../contracts/ports';
import type { JourneyEscalationView } from '../../workflows';

/** Who is signed in: the identity provider's subject and display name, and what the console lets them do. */
export interface StaffMember {
  readonly subject: string;
  readonly displayName: string;
  readonly roles: readonly ConsoleRole[];
}

/** `staff` sees the worklist and patients; `ops` also holds the sending controls. */
export type ConsoleRole = 'staff' | 'ops';

// ---------------------------------------------------------------- journeys (src/temporal/console-journeys.ts)

/** The patient as the start request carried them (decrypted server-side). */
export interface PatientDetails {
  readonly nhsNumber: string;
  /** "Jane Smith", when the request carried a name. */
  readonly name?: string;
}

/** What the journey is about: the event time and, where the journey has one, the place. */
export interface JourneyEvent {
  readonly at: number;
  readonly timeZone: string;
  /** Clinic, service or programme from the personalisation, when the journey has one. */
  readonly place?: string;
}

export interface TriedMessage {
  readonly channel: string;
  readonly status: string;
  /** When it was sent (or last changed), if it was sent. */
  readonly at?: number;
  readonly failureCode?: string;
}

export interface WorklistRow {
  readonly escalationId: string;
  readonly journeyId: string;
  readonly journeyType: string;
  readonly reason: string;
  readonly raisedAt: number;
  readonly dueBy: number;
  readonly patient?: PatientDetails;
  readonly event: JourneyEvent;
  readonly tried: readonly TriedMessage[];
}

export interface WorklistFilter {
  readonly journeyType?: string;
  readonly reason?: string;
}

export interface ConsoleJourney {
  readonly journeyId: string;
  readonly journeyType: string;
  /** The journey status, or its outcome once finished. */
  readonly status: string;
  readonly startedAt: number;
  readonly deadline: number;
  readonly patient?: PatientDetails;
  readonly event: JourneyEvent;
  readonly steps: readonly ConsoleStep[];
  readonly escalations: readonly ConsoleEscalation[];
}

export interface ConsoleStep {
  readonly stepId: string;
  readonly channel: string;
  readonly status: string;
  readonly template: { readonly id: string; readonly version?: string };
  readonly routingPlan: { readonly name: string; readonly version?: string };
  readonly sentAt?: number;
  readonly failureCode?: string;
  readonly skipReason?: string;
  readonly history: readonly { readonly at: number; readonly status: string; readonly source: string }[];
}

/** The journey's own escalation record (ids, reason and outcome codes, times, a role: no patient data). */
export type ConsoleEscalation = JourneyEscalationView;

export interface StaffOutcome {
  readonly outcome: EscalationOutcome;
  readonly staffRole: StaffRole;
}

export interface ConsoleJourneys {
  /** Open escalations, overdue first then by due time. */
  worklist(filter: WorklistFilter): Promise<readonly WorklistRow[]>;
  journey(journeyId: string): Promise<ConsoleJourney | undefined>;
  /** The journey's Update: answers with what the journey accepted. */
  recordOutcome(escalationId: string, outcome: StaffOutcome): Promise<EscalationOutcomeResult>;
}

// ---------------------------------------------------------------- the communications record (issue 12)

/** Why a member of staff looks a patient up: required, and recorded with the view. */
export const LOOKUP_REASONS = ['patient_enquiry', 'clinical_query', 'complaint_investigation', 'safeguarding'] as const;
export type LookupReason = (typeof LOOKUP_REASONS)[number];

export interface PatientLookup {
  readonly nhsNumber: NhsNumber;
  readonly reason: LookupReason;
  /** Who looked: recorded in the audit record with the time. */
  readonly viewer: { readonly subject: string; readonly roles: readonly ConsoleRole[] };
}

export interface CommunicationMessage {
  readonly channel: string;
  readonly templateId: string;
  readonly templateVersion?: string;
  readonly routingPlan: { readonly id?: string; readonly name?: string; readonly version?: string };
  readonly status: string;
  /** Newest first. */
  readonly statusHistory: readonly { readonly at: number; readonly status: string }[];
  /** True when this message was a fallback after an earlier channel. */
  readonly fallback: boolean;
  readonly sentAt?: number;
}

export interface PatientJourneyRecord {
  readonly journeyId: string;
  readonly journeyType: string;
  readonly status: string;
  readonly startedAt: number;
  readonly messages: readonly CommunicationMessage[];
}

/**
 * The communications record (issue 12). `lookUp` records the view in the audit record before it answers
 * (a view that could not be recorded is not shown: it throws), and answers every journey of that patient,
 * newest first.
 */
export interface PatientCommunications {
  lookUp(lookup: PatientLookup): Promise<readonly PatientJourneyRecord[]>;
}

// ---------------------------------------------------------------- sending controls (issue 11)

export type SendingSwitch = 'paused' | 'dry_run';

export interface SwitchState {
  readonly on: boolean;
  readonly reason?: string;
  /** The staff subject who last changed it, and when. */
  readonly changedBy?: string;
  readonly changedAt?: number;
}

export interface JourneyTypeControls {
  readonly journeyType: string;
  readonly paused: SwitchState;
  readonly dryRun: SwitchState;
}

export interface SwitchChange {
  readonly journeyType: string;
  readonly control: SendingSwitch;
  readonly on: boolean;
  readonly reason: string;
  readonly changedBy: string;
}

/** The kill switch and dry run of the operating issue (issue 11), per journey type. */
export interface SendingControls {
  current(): Promise<readonly JourneyTypeControls[]>;
  change(change: SwitchChange): Promise<JourneyTypeControls>;
}
