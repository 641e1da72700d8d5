// Staff in e2e tests: an account made through the test-only control server (POST /staff; the
// generated password must be changed at first sign-in, as for a real new account), and what a
// facilitator does on the staff pages: sign in, create a case, create a meeting, read the links.
import type { Page } from 'playwright-core';
import { inject } from 'vitest';

export const STAFF_UI_TIMEOUT_MS = 15_000;

export type StaffRole = 'facilitator' | 'coordinator' | 'administrator';

export interface StaffCredentials {
  email: string;
  /** The generated password: the first sign-in must change it. */
  password: string;
}

/** Creates a staff account on the app server under test. */
export async function createStaff(input: { email: string; role: StaffRole; displayName: string }): Promise<StaffCredentials> {
  const res = await fetch(`${inject('controlUrl')}/staff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!res.ok) throw new Error(`creating a staff account through the control server failed: POST /staff answered ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { email?: unknown; password?: unknown };
  if (typeof body.password !== 'string') throw new Error(`POST /staff answered without a password: ${JSON.stringify(body)}`);
  return { email: typeof body.email === 'string' ? body.email : input.email, password: body.password };
}

/** A unique email for this run. */
export function uniqueEmail(name: string): string {
  return `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.org`;
}

/**
 * Opens `path` (a staff page), signs in on the sign-in page it redirects to, and chooses
 * `newPassword` on the forced password page. Resolves on the page the sign-in returns to.
 */
export async function signInFirstTime(page: Page, appUrl: string, path: string, credentials: StaffCredentials, newPassword: string): Promise<void> {
  await page.goto(`${appUrl}${path}`);
  await page.getByTestId('login-page').waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password', { exact: true }).fill(credentials.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('password-page').waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });
  await page.getByTestId('password-current').fill(credentials.password);
  await page.getByTestId('password-new').fill(newPassword);
  await page.getByTestId('password-repeat').fill(newPassword);
  await page.getByTestId('password-submit').click();
  await page.getByTestId('password-page').waitFor({ state: 'detached', timeout: STAFF_UI_TIMEOUT_MS });
}

export interface PartyInput {
  side: 'harmed' | 'responsible';
  name: string;
  pseudonym: string;
}

export interface CaseInput {
  crimeType: string;
  referralSource: string;
  initiatedBy: 'The person harmed' | 'The person responsible';
  risk: 'Low' | 'Medium' | 'High';
  reference?: string;
  parties: PartyInput[];
}

/**
 * Fills in the new-case form from the case list (the "New case" button) and submits it.
 * The form starts with one harmed and one responsible row; extra people get their own row.
 * Resolves on the case page, with the case's id.
 */
export async function createCaseThroughUi(page: Page, input: CaseInput): Promise<string> {
  await page.getByTestId('new-case').click();
  const form = page.getByTestId('new-case-page');
  await form.waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });
  await page.getByTestId('case-crime-type').fill(input.crimeType);
  await page.getByTestId('case-referral-source').fill(input.referralSource);
  if (input.reference) await page.getByTestId('case-reference').fill(input.reference);
  await page.getByTestId('case-initiated-by').getByLabel(input.initiatedBy).check();
  await page.getByTestId('case-risk').getByLabel(input.risk).check();
  for (const [index, party] of input.parties.entries()) {
    const rows = page.getByTestId('party-row');
    if ((await rows.count()) <= index) await page.getByTestId(`add-party-${party.side}`).click();
    const row = rows.nth(index);
    await row.getByTestId('party-side').selectOption(party.side);
    await row.getByTestId('party-name').fill(party.name);
    await row.getByTestId('party-pseudonym').fill(party.pseudonym);
  }
  await page.getByTestId('case-submit').click();
  const casePage = page.getByTestId('case-page');
  await casePage.waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });
  const id = await casePage.getAttribute('data-case-id');
  if (!id) throw new Error('the case page has no data-case-id');
  return id;
}

/** The link and PIN shown once for `pseudonym` after links were created. */
export async function shownLink(page: Page, pseudonym: string): Promise<{ link: string; pin: string | null }> {
  const item = page.locator(`[data-testid="created-link"][data-party="${pseudonym}"]`);
  await item.waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });
  const link = await item.getByTestId('invite-link').inputValue();
  const pinField = item.getByTestId('invite-pin');
  const pin = (await pinField.count()) > 0 ? await pinField.inputValue() : null;
  return { link, pin };
}

/** A 6-digit PIN that is certainly not `pin`. */
export function wrongPin(pin: string): string {
  const last = Number(pin.slice(-1));
  return `${pin.slice(0, -1)}${(last + 1) % 10}`;
}
