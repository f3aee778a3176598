import type { EventBus, PipelineEvent } from '../index.ts';

/** The events of one type, typed. */
export function eventsOf<T extends PipelineEvent['type']>(
  events: readonly PipelineEvent[],
  type: T,
): Extract<PipelineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<PipelineEvent, { type: T }> => e.type === type);
}

/** Every event a client emits from now on, for a test to assert on. */
export interface EventRecorder {
  readonly events: readonly PipelineEvent[];
  /** The recorded events of one type, typed. */
  of<T extends PipelineEvent['type']>(type: T): Extract<PipelineEvent, { type: T }>[];
}

/** Starts recording the events of a client's pipeline (`client.events`). */
export function recordEvents(bus: EventBus<PipelineEvent>): EventRecorder {
  const events: PipelineEvent[] = [];
  bus.on((event) => events.push(event));
  return { events, of: (type) => eventsOf(events, type) };
}
