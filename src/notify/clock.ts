/** Milliseconds since the epoch. Injected so tests can freeze or skew time (A5, style lesson 9). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
