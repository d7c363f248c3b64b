/** Live counts of what the simulator has seen and done. Tests read them to assert "exactly one token request". */
export interface SimulatorCounters {
  tokenRequests: number;
  tokensIssued: number;
  tokenRejections: number;
  /** POST /v1/messages requests that reached the simulator (faulted ones included). */
  messageRequests: number;
  batchRequests: number;
  getMessageRequests: number;
  /** Messages accepted (one per message, batch members included). */
  messagesAccepted: number;
  duplicateRejections: number;
  tooEarlyRejections: number;
  /** Callback HTTP attempts made (retries and fault duplicates included). */
  callbacksSent: number;
  /** Attempts answered 2xx. */
  callbacksDelivered: number;
  /** Attempts that failed: non-2xx, timeout or network error. */
  callbacksFailed: number;
  /** Events given up on: 4xx other than 429, Retry-After over 12 h, or the retry window ran out. */
  callbacksDeadLettered: number;
  /** Events the "drop callbacks" fault discarded. */
  callbacksDropped: number;
  faultsInjected: number;
}

export function newCounters(): SimulatorCounters {
  return {
    tokenRequests: 0, tokensIssued: 0, tokenRejections: 0,
    messageRequests: 0, batchRequests: 0, getMessageRequests: 0,
    messagesAccepted: 0, duplicateRejections: 0, tooEarlyRejections: 0,
    callbacksSent: 0, callbacksDelivered: 0, callbacksFailed: 0, callbacksDeadLettered: 0, callbacksDropped: 0,
    faultsInjected: 0,
  };
}

/** Zero every counter in place, so holders of the live object see the reset. */
export function resetCounters(counters: SimulatorCounters): void {
  Object.assign(counters, newCounters());
}
