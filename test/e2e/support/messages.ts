// Recorded messages in e2e tests: a case with a harmed and a responsible party made through the
// staff API (sign-in, case, a meeting that invites both, their links redeemed into join tokens),
// a facilitator browser already signed in, a coordinator who can read the case's audit log, and
// what a party does on /messages (consent, record, send) and a facilitator in the review panel.
import type { Browser, Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { LAPTOP, newPerson, type Person } from './browser.ts';
import { createStaff, uniqueEmail, type StaffCredentials, type StaffRole } from './staff.ts';

export const MESSAGES_UI_TIMEOUT_MS = 15_000;
/** Upload, ffprobe, encryption (and a trim's ffmpeg) on a shared 2-core machine. */
export const PROCESSING_TIMEOUT_MS = 45_000;

/** A JSON API caller with the staff session cookie, from Node (no browser). */
export class StaffApi {
  // Base URL of the app server.
  readonly #base: string;
  // The session cookie as the server last set it ("name=value").
  #cookie: string | null = null;

  constructor(base: string) {
    this.#base = base;
  }

  get cookie(): string | null {
    return this.#cookie;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.#base}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.#cookie ? { cookie: this.#cookie } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      if (pair.includes('=') && !/=\s*$/.test(pair)) this.#cookie = pair;
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** First sign-in of a new account: the generated password must be changed at once. */
  async signInFirstTime(credentials: StaffCredentials, newPassword: string): Promise<void> {
    await this.call('POST', '/api/auth/login', { email: credentials.email, password: credentials.password });
    await this.call('POST', '/api/auth/password', { currentPassword: credentials.password, newPassword });
  }
}

export async function signedInStaff(role: StaffRole, name: string): Promise<StaffApi> {
  const credentials = await createStaff({ email: uniqueEmail(name.toLowerCase().replace(/\s+/g, '-')), role, displayName: name });
  const api = new StaffApi(inject('appUrl'));
  await api.signInFirstTime(credentials, `a long passphrase for ${name}`);
  return api;
}

interface CaseAnswer {
  case: { id: string; parties: { id: string; side: 'harmed' | 'responsible'; pseudonym: string }[] };
}
interface MeetingAnswer {
  meeting: { participants: { participantId: string; casePartyId: string | null }[] };
  invitations: { invitation: { participantId: string }; code: string }[];
}

export interface MessagesCase {
  caseId: string;
  /** The facilitator's browser, signed in (the API's session cookie is in its context). */
  facilitator: Person;
  /** Join tokens of the two parties (as their redeemed links give them). */
  harmedToken: string;
  responsibleToken: string;
}

export const HARMED = 'Sam';
export const RESPONSIBLE = 'Alex';

/** A case with both parties, each with a redeemed join link, and its facilitator's browser. */
export async function setUpMessagesCase(browser: Browser, people: Person[]): Promise<MessagesCase> {
  const appUrl = inject('appUrl');
  const staff = await signedInStaff('facilitator', 'Fran Facilitator');
  const today = new Date().toISOString().slice(0, 10);
  const created = await staff.call<CaseAnswer>('POST', '/api/cases', {
    crimeType: 'Burglary',
    referralSource: 'Police',
    initiatedBy: 'harmed',
    riskLevel: 'low',
    referredOn: today,
    parties: [
      { side: 'harmed', role: 'party', name: 'Hannah Realname', pseudonym: HARMED },
      { side: 'responsible', role: 'party', name: 'Robin Realname', pseudonym: RESPONSIBLE },
    ],
  });
  const caseId = created.case.id;
  const partyId = (pseudonym: string) => {
    const found = created.case.parties.find((p) => p.pseudonym === pseudonym);
    if (!found) throw new Error(`the new case has no party ${pseudonym}`);
    return found.id;
  };
  const meeting = await staff.call<MeetingAnswer>('POST', `/api/cases/${caseId}/meetings`, {
    kind: 'live_shuttle',
    invite: [HARMED, RESPONSIBLE].map((p) => ({ partyId: partyId(p), withPin: false, expiresInHours: 24 })),
  });
  const tokenOf = async (pseudonym: string): Promise<string> => {
    const participant = meeting.meeting.participants.find((p) => p.casePartyId === partyId(pseudonym));
    const invitation = meeting.invitations.find((i) => i.invitation.participantId === participant?.participantId);
    if (!invitation) throw new Error(`no invitation was made for ${pseudonym}`);
    const redeemed = await new StaffApi(appUrl).call<{ joinToken: string }>('POST', `/api/invitations/${invitation.code}/redeem`, {});
    return redeemed.joinToken;
  };

  const facilitator = await newPerson(browser, 'Fran Facilitator', LAPTOP);
  people.push(facilitator);
  const cookie = staff.cookie;
  if (!cookie) throw new Error('signing in set no session cookie');
  const [name, ...value] = cookie.split('=');
  await facilitator.context.addCookies([{ name: name ?? '', value: value.join('='), url: appUrl }]);
  return { caseId, facilitator, harmedToken: await tokenOf(HARMED), responsibleToken: await tokenOf(RESPONSIBLE) };
}

export function messagesUrl(token: string): string {
  return `${inject('appUrl')}/messages#token=${token}`;
}

/** Opens /messages for a party and waits for their list. */
export async function openMessages(person: Person, token: string): Promise<void> {
  const res = await person.page.goto(messagesUrl(token));
  expect(res?.status(), 'the server serves the client at /messages').toBe(200);
  await person.page.getByTestId('messages-page').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
  await person.page.getByTestId('message-new').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
}

/** Starts a new message of this kind and agrees to the consent (with or without training use). */
export async function startMessage(page: Page, kind: 'text' | 'audio' | 'video' | 'upload', opts: { training?: boolean; audience?: 'other_side' | 'facilitators' } = {}): Promise<void> {
  await page.getByTestId('message-new').click();
  if (opts.audience) await page.getByTestId('message-audience').selectOption(opts.audience);
  await page.getByTestId(`message-kind-${kind}`).click();
  const dialog = page.getByTestId('consent-dialog');
  await dialog.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
  const agree = page.getByTestId('consent-agree');
  await expect.poll(() => agree.isEnabled(), { timeout: MESSAGES_UI_TIMEOUT_MS }).toBe(true);
  if (opts.training) await page.getByTestId('consent-training').check();
  await agree.click();
  await dialog.waitFor({ state: 'detached', timeout: MESSAGES_UI_TIMEOUT_MS });
}

/** Records for about `seconds` (by the recorder's own elapsed time), stops, and waits for the take. */
export async function recordTake(page: Page, seconds: number): Promise<void> {
  const start = page.getByTestId('recorder-start');
  await expect.poll(() => start.isEnabled(), { timeout: MESSAGES_UI_TIMEOUT_MS, message: 'the recorder becomes ready (devices and masks started)' }).toBe(true);
  await start.click();
  const elapsed = page.getByTestId('recorder-elapsed');
  await expect.poll(async () => elapsedSeconds(await elapsed.textContent()), { timeout: MESSAGES_UI_TIMEOUT_MS + seconds * 1000, interval: 200 }).toBeGreaterThanOrEqual(seconds);
  await page.getByTestId('recorder-stop').click();
  await page.getByTestId('recorder-playback').waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
}

/** "Recording 0:07" → 7. */
export function elapsedSeconds(text: string | null): number {
  const match = /(\d+):(\d{2})/.exec(text ?? '');
  return match ? Number(match[1]) * 60 + Number(match[2]) : 0;
}

/** The row of one message (by id), or of the newest one in a direction. */
export function messageRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="message-row"][data-message-id="${id}"]`);
}

/** Sends what the composer holds and resolves with the new message's id. */
export async function sendAndGetId(page: Page): Promise<string> {
  const before = new Set(await page.locator('[data-testid="message-row"][data-direction="sent"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-message-id'))));
  await page.getByTestId('message-send').click();
  await page.getByTestId('message-composer').waitFor({ state: 'detached', timeout: MESSAGES_UI_TIMEOUT_MS });
  let id: string | null = null;
  await expect
    .poll(
      async () => {
        const ids = await page.locator('[data-testid="message-row"][data-direction="sent"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-message-id')));
        id = ids.find((x) => x && !before.has(x)) ?? null;
        return id;
      },
      { timeout: MESSAGES_UI_TIMEOUT_MS },
    )
    .not.toBeNull();
  return id as unknown as string;
}

/** Waits until a row shows this status (the page polls the server by itself). */
export async function waitForStatus(row: Locator, status: string, timeout = PROCESSING_TIMEOUT_MS): Promise<void> {
  await expect.poll(() => row.getAttribute('data-status'), { timeout, interval: 250, message: `the message reaches ${status}` }).toBe(status);
}

/** The facilitator's case page with its Messages panel. */
export async function openReview(person: Person, caseId: string): Promise<Locator> {
  await person.page.goto(`${inject('appUrl')}/staff/cases/${caseId}`);
  const panel = person.page.getByTestId('messages-panel');
  await panel.waitFor({ state: 'visible', timeout: MESSAGES_UI_TIMEOUT_MS });
  return panel;
}

export function reviewRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="review-row"][data-message-id="${id}"]`);
}

/**
 * Plays a <video> muted from the start (a muted play needs no user gesture) and resolves with the
 * frames it decoded once there are some.
 */
export async function decodedFrames(player: Locator): Promise<number> {
  await player.evaluate(async (el) => {
    const video = el as HTMLVideoElement;
    video.muted = true;
    video.currentTime = 0;
    await video.play();
  });
  let frames = 0;
  await expect
    .poll(
      async () => {
        frames = await player.evaluate((el) => (el as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
        return frames;
      },
      { timeout: MESSAGES_UI_TIMEOUT_MS, message: 'the video decodes frames' },
    )
    .toBeGreaterThan(0);
  return frames;
}

/** The case's audit actions for one message, read by a coordinator. */
export async function auditFor(coordinator: StaffApi, caseId: string, messageId: string): Promise<string[]> {
  const page = await coordinator.call<{ events: { action: string; subjectId: string | null }[] }>('GET', `/api/cases/${caseId}/audit?limit=200`);
  return page.events.filter((e) => e.subjectId === messageId).map((e) => e.action);
}
