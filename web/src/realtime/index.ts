export { RealtimeClient, type ConnectionState, type EventHandler, type EventType, type RealtimeEventMap } from './client';
export { RealtimeProvider, useConnectionState, useRealtimeClient, useRealtimeEvent, useRealtimeReady } from './react';
export { SequenceTracker, type ReadyResult, type RealtimeEvent } from './sequence';
