/** The four NHS Notify delivery channels (nhs-notify-api.md §5). Kept in domain so pure code can name them. */
export const CHANNELS = ['nhsapp', 'email', 'sms', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];
