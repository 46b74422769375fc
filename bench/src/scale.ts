/** Sizes per scale. `full` is the issue's; `quick` keeps the same shapes small enough for ~10 minutes on 2 cores. */
export type ScaleName = 'quick' | 'full';

export type Scale = {
  name: ScaleName;
  contacts: number;
  messages: number;
  /** Timed runs per B2 query (the issue asks for at least 200). */
  b2Runs: number;
  b1Messages: number;
  b1Contacts: number;
  /** How long B1 and B5 wait, after the last acknowledgement, for queued messages to be stored. */
  drainSeconds: number;
  b3Sockets: number;
  b3EventsPerSecond: number;
  b3Seconds: number;
  b4Replies: number;
  b5Contacts: number;
  b5Messages: number;
  b5IngestMessages: number;
};

export const scales: Record<ScaleName, Scale> = {
  quick: {
    name: 'quick',
    contacts: 100_000,
    messages: 1_000_000,
    b2Runs: 200,
    b1Messages: 5_000,
    b1Contacts: 1_000,
    drainSeconds: 120,
    b3Sockets: 500,
    b3EventsPerSecond: 200,
    b3Seconds: 20,
    b4Replies: 5_000,
    b5Contacts: 20_000,
    b5Messages: 200_000,
    b5IngestMessages: 2_000,
  },
  full: {
    name: 'full',
    contacts: 1_000_000,
    messages: 10_000_000,
    b2Runs: 200,
    b1Messages: 100_000,
    b1Contacts: 20_000,
    drainSeconds: 900,
    b3Sockets: 500,
    b3EventsPerSecond: 200,
    b3Seconds: 60,
    b4Replies: 50_000,
    b5Contacts: 50_000,
    b5Messages: 500_000,
    b5IngestMessages: 20_000,
  },
};
