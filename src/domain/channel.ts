/** The four NHS Notify delivery channels (docs/nhs-notify.md). Kept in domain so pure code can name them. */
export const CHANNELS = ['nhsapp', 'email', 'sms', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];
