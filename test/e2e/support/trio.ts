// The cast of most facilitated-meeting tests: a facilitator, the harmed party and the responsible
// party, each in their own browser context, in a fresh meeting.
import type { Browser } from 'playwright-core';
import { LAPTOP, newPerson, type Person } from './browser.ts';
import { clickCardButton, joinMeeting, waitForCardIn, waitForRoom, waitForRoomKind } from './meeting-ui.ts';
import { createMeeting, participant, type CreatedMeeting } from './meetings.ts';

export const FACILITATOR = 'Facilitator';
export const HARMED = 'Harmed party';
export const RESPONSIBLE = 'Responsible party';

export interface Member extends Person {
  participantId: string;
  link: string;
}

export interface Trio {
  meeting: CreatedMeeting;
  facilitator: Member;
  harmed: Member;
  responsible: Member;
  /** The main room's id, as the facilitator's meeting page showed it on arrival. */
  main: string;
  /** Waiting room ids as the parties' own meeting pages showed them on arrival. */
  waiting: { harmed: string; responsible: string };
}

/** Everyone's uncaught page errors, labelled, for one `toEqual([])`. */
export function pageErrorsOf(...members: Person[]): string[] {
  return members.flatMap((m) => m.pageErrors.map((e) => `${m.name}: ${e.message}`));
}

/**
 * Creates the meeting, opens three browsers and joins everyone through the UI: the facilitator
 * first, then both parties. Resolves once the parties are in their waiting rooms and the
 * facilitator's board shows each of them there. `people` collects the contexts for cleanup.
 */
export async function startTrio(browser: Browser, people: Person[], title: string): Promise<Trio> {
  const meeting = await createMeeting({
    title,
    participants: [
      { displayName: FACILITATOR, role: 'facilitator' },
      { displayName: HARMED, role: 'party', side: 'harmed' },
      { displayName: RESPONSIBLE, role: 'party', side: 'responsible' },
    ],
  });
  // The facilitator runs the console on a laptop screen; the parties use a smaller one.
  const member = async (name: string): Promise<Member> => {
    const invited = participant(meeting, name);
    const person = await newPerson(browser, name, name === FACILITATOR ? LAPTOP : undefined);
    people.push(person);
    return { ...person, participantId: invited.participantId, link: invited.link };
  };
  const facilitator = await member(FACILITATOR);
  const harmed = await member(HARMED);
  const responsible = await member(RESPONSIBLE);

  await joinMeeting(facilitator, facilitator.link);
  const main = await waitForRoomKind(facilitator.page, 'main');
  await Promise.all([joinMeeting(harmed, harmed.link), joinMeeting(responsible, responsible.link)]);
  const waiting = {
    harmed: await waitForRoomKind(harmed.page, 'waiting'),
    responsible: await waitForRoomKind(responsible.page, 'waiting'),
  };
  await waitForCardIn(facilitator.page, waiting.harmed, HARMED);
  await waitForCardIn(facilitator.page, waiting.responsible, RESPONSIBLE);
  return { meeting, facilitator, harmed, responsible, main, waiting };
}

/** The facilitator admits both parties with card-admit; resolves when both are in the main room. */
export async function admitBoth(trio: Trio): Promise<void> {
  const { facilitator, harmed, responsible, main } = trio;
  await clickCardButton(facilitator.page, HARMED, 'card-admit');
  await clickCardButton(facilitator.page, RESPONSIBLE, 'card-admit');
  await Promise.all([waitForRoom(harmed.page, main), waitForRoom(responsible.page, main)]);
  await waitForCardIn(facilitator.page, main, HARMED);
  await waitForCardIn(facilitator.page, main, RESPONSIBLE);
}
