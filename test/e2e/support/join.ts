// What a person does in the UI to get into a call, and how a test finds someone's video tile.
import type { Locator, Page } from 'playwright-core';
import type { Person } from './browser.ts';

const UI_TIMEOUT_MS = 15_000;

/** Opens an invitation link, fills in the display name if the field is empty, and clicks Join. */
export async function joinThroughUi(person: Person, link: string): Promise<void> {
  await person.page.goto(link);
  await submitJoinForm(person);
}

/** On the join page: fills in the display name if the field is empty, and clicks Join. */
export async function submitJoinForm(person: Person): Promise<void> {
  const { page } = person;
  const joinButton = page.getByTestId('join-button');
  await joinButton.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const nameField = page.getByLabel('Your name', { exact: true }).or(page.getByTestId('display-name')).first();
  if ((await nameField.count()) > 0 && (await nameField.inputValue()) === '') {
    await nameField.fill(person.name);
  }
  await joinButton.click();
}

/** The video tile of the participant shown under this display name. */
export function tileOf(page: Page, displayName: string): Locator {
  return page.locator(`[data-testid="tile"][data-name="${displayName}"]`);
}

export function waitUntilVisible(locator: Locator): Promise<void> {
  return locator.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

export function waitUntilGone(locator: Locator): Promise<void> {
  return locator.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
}
