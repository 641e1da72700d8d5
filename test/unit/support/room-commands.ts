// Small drivers for room machine tests: run commands in order, build a join from a roster entry,
// and read the code a refused command throws.
import { transition, type RoomCommand, type RoomState, type RosterEntry } from '@common-ground/signalling';

export function run(state: RoomState, ...commands: RoomCommand[]): RoomState {
  return commands.reduce((s, c) => transition(s, c).state, state);
}

/** A join command for the roster entry with this id. */
export function joinFrom(roster: readonly RosterEntry[], id: string): RoomCommand {
  const r = roster.find((x) => x.participantId === id);
  if (!r) throw new Error(`no ${id} in the roster`);
  return { type: 'join', participantId: id, displayName: r.displayName, role: r.role, side: r.side };
}

/** The protocol code `command` is refused with; fails the test if it is accepted. */
export function refusal(state: RoomState, command: RoomCommand): string {
  try {
    transition(state, command);
  } catch (err) {
    return (err as { code: string }).code;
  }
  throw new Error(`${command.type} was not refused`);
}
