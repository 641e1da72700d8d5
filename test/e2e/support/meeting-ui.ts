// The meeting page and the facilitator console as the UI contract names them
// (/tmp/cg-issue3/ui-contract.md): locators and the few multi-step things people do there.
import type { Locator, Page } from 'playwright-core';
import type { Person } from './browser.ts';
import { joinThroughUi, submitJoinForm } from './join.ts';

export const UI_TIMEOUT_MS = 15_000;

// ── the participant meeting page ──

export function meetingPage(page: Page): Locator {
  return page.getByTestId('meeting-page');
}

/** Opens the link, joins through the join form, and waits for the meeting page. */
export async function joinMeeting(person: Person, link: string): Promise<void> {
  await joinThroughUi(person, link);
  await meetingPage(person.page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

/** Reloads the page and joins again through the join form. */
export async function reloadAndRejoin(person: Person): Promise<void> {
  await person.page.reload();
  await submitJoinForm(person);
  await meetingPage(person.page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

/** The room the page says this person is in. */
export async function currentRoom(page: Page): Promise<{ id: string | null; kind: string | null }> {
  const meeting = meetingPage(page);
  return { id: await meeting.getAttribute('data-room-id'), kind: await meeting.getAttribute('data-room-kind') };
}

/** Waits until the meeting page shows this person in `roomId`. */
export async function waitForRoom(page: Page, roomId: string): Promise<void> {
  await page.locator(`[data-testid="meeting-page"][data-room-id="${roomId}"]`).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

/** Waits until the meeting page shows this person in a room of `kind`; returns its id. */
export async function waitForRoomKind(page: Page, kind: string): Promise<string> {
  const meeting = page.locator(`[data-testid="meeting-page"][data-room-kind="${kind}"]`);
  await meeting.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const id = await meeting.getAttribute('data-room-id');
  if (!id) throw new Error(`the meeting page in a ${kind} room has no data-room-id`);
  return id;
}

export function endedPage(page: Page, reason: string): Locator {
  return page.locator(`[data-testid="ended-page"][data-reason="${reason}"]`);
}

/** Opens the chat panel if it is closed and a chat toggle is offered (small screens). */
export async function openChat(page: Page): Promise<void> {
  const panel = page.getByTestId('chat-panel');
  if (await panel.isVisible()) return;
  await page.getByTestId('chat-toggle').click();
  await panel.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

export function chatMessages(page: Page, from: string): Locator {
  return page.locator(`[data-testid="chat-message"][data-from="${from}"]`);
}

// ── the facilitator console ──

export function column(page: Page, roomId: string): Locator {
  return page.locator(`[data-testid="board-column"][data-room-id="${roomId}"]`);
}

export function card(page: Page, displayName: string): Locator {
  return page.locator(`[data-testid="board-card"][data-name="${displayName}"]`);
}

/** The card of `displayName` inside the column of `roomId`. */
export function cardIn(page: Page, roomId: string, displayName: string): Locator {
  return column(page, roomId).locator(`[data-testid="board-card"][data-name="${displayName}"]`);
}

export async function waitForCardIn(page: Page, roomId: string, displayName: string): Promise<void> {
  await cardIn(page, roomId, displayName).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

/** Creates a separate room through the top bar; returns its id once its column is on the board. */
export async function createRoom(page: Page, name: string): Promise<string> {
  await page.getByTestId('create-room-name').fill(name);
  await page.getByTestId('create-room-button').click();
  const created = page.locator('[data-testid="board-column"][data-room-kind="separate"]').filter({ hasText: name });
  await created.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const id = await created.getAttribute('data-room-id');
  if (!id) throw new Error(`the column of room "${name}" has no data-room-id`);
  return id;
}

/**
 * A point in the viewport where the element itself (not something over it) is hit, or null. With
 * `grab`, only points on the element's own surface count (not on a control inside it), as when a
 * person picks up a card by its name rather than by a button.
 */
function hittablePoint(locator: Locator, grab = false): Promise<{ x: number; y: number } | null> {
  return locator.evaluate((el, grab) => {
    const box = el.getBoundingClientRect();
    const left = Math.max(box.left, 0);
    const right = Math.min(box.right, window.innerWidth);
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, window.innerHeight);
    for (let fy = 0.5; fy < 1; fy += 0.15) {
      for (const fx of [0.5, 0.3, 0.7, 0.15, 0.85]) {
        for (const sign of [1, -1]) {
          const x = left + (right - left) * fx;
          const y = top + (bottom - top) * (sign > 0 ? fy : 1 - fy);
          const hit = document.elementFromPoint(x, y);
          if (!hit || !el.contains(hit)) continue;
          if (grab && hit.closest('button, select, input, textarea, a, label, [role="button"]')) continue;
          return { x, y };
        }
      }
    }
    return null;
  }, grab);
}

/**
 * Drags `displayName`'s card onto the column of `roomId` with the mouse (HTML5 drag and drop), as
 * a person would: the target column is scrolled into view first, and both the card and a visible,
 * unobscured part of the column must be on screen at once.
 */
export async function dragCardTo(page: Page, displayName: string, roomId: string): Promise<void> {
  const source = card(page, displayName);
  const target = column(page, roomId);
  await target.scrollIntoViewIfNeeded();
  const from = await hittablePoint(source, true);
  const to = await hittablePoint(target);
  if (!from || !to) {
    throw new Error(`cannot drag ${displayName} to ${roomId}: ${from ? '' : 'the card'}${!from && !to ? ' and ' : ''}${to ? '' : 'the column'} not visible on screen`);
  }
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
}

/**
 * Moves `displayName` to `roomId` with the keyboard only: focuses the card's "Move to" select,
 * walks to `roomId` with the arrow keys (choosing only: nobody moves on the way), and presses
 * Enter. Asserts that no move was sent before Enter. Returns Date.now() in the page at the Enter
 * keydown, i.e. when the move was asked for.
 */
export async function moveWithKeyboard(page: Page, displayName: string, roomId: string): Promise<number> {
  const cardLocator = card(page, displayName);
  const select = cardLocator.getByTestId('card-move');
  await select.focus();
  const { options, index } = await select.evaluate((el: HTMLSelectElement) => {
    const w = window as unknown as { __moveEnterAt?: number };
    delete w.__moveEnterAt;
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') w.__moveEnterAt = Date.now();
    });
    return {
      options: [...el.options].map((o) => ({ value: o.value, label: o.label, disabled: o.disabled })),
      index: el.selectedIndex,
    };
  });
  const target = options.findIndex((o) => o.value === roomId);
  if (target < 0) throw new Error(`the "Move to" select of ${displayName} offers no ${roomId}: ${options.map((o) => o.value).join(', ')}`);
  if (options[target]?.disabled) throw new Error(`${roomId} is not offered to ${displayName}`);
  const from = await cardLocator.getAttribute('data-room-id');
  const key = target > index ? 'ArrowDown' : 'ArrowUp';
  for (let i = index; i !== target; i += target > index ? 1 : -1) {
    if (!options[i + (target > index ? 1 : -1)]?.disabled) await page.keyboard.press(key);
  }
  if ((await select.inputValue()) !== roomId) throw new Error(`the arrow keys did not choose ${roomId} for ${displayName}`);
  if ((await cardLocator.getAttribute('data-room-id')) !== from) throw new Error(`${displayName} moved before Enter was pressed`);
  await page.keyboard.press('Enter');
  const at = await page.evaluate(() => (window as unknown as { __moveEnterAt?: number }).__moveEnterAt);
  if (at === undefined) throw new Error('the Enter keydown was not seen by the "Move to" select');
  return at;
}

/** Moves `displayName` to `roomId` by choosing it in their card's "Move to" select. */
export async function moveWithMenu(page: Page, displayName: string, roomId: string): Promise<void> {
  await card(page, displayName).getByTestId('card-move').selectOption(roomId);
}

/** Clicks a card button (card-admit, card-hard-mute-audio, …) on `displayName`'s card. */
export async function clickCardButton(page: Page, displayName: string, testId: string): Promise<void> {
  await card(page, displayName).getByTestId(testId).click();
}

/** Clicks a column control (room-join, room-listen, room-chat, …) of `roomId`'s column. */
export async function clickColumnButton(page: Page, roomId: string, testId: string): Promise<void> {
  await column(page, roomId).getByTestId(testId).click();
}

/** Opens the chat addressed to `roomId` from its column (room-chat) and sends `text`. */
export async function sendRoomChat(page: Page, roomId: string, text: string): Promise<void> {
  await clickColumnButton(page, roomId, 'room-chat');
  await page.getByTestId('chat-input').filter({ visible: true }).fill(text);
  await page.getByTestId('chat-send').filter({ visible: true }).click();
}

export function notices(page: Page, kind: string): Locator {
  return page.locator(`[data-testid="notice"][data-kind="${kind}"]`);
}
