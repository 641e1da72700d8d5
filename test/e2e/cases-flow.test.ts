// The case side end to end, through the staff pages and the join link, in real Chromium: from a
// new referral to "meeting link sent", the party's link with its PIN into their own waiting room,
// and the facilitator joining from the case page. Then a coordinator's view: the case list and
// the reports with their charts, accessible tables and CSV export.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, inject } from 'vitest';
import { closeAll, connectToSharedBrowser, LAPTOP, newPerson, type Person } from './support/browser.ts';
import { submitJoinForm } from './support/join.ts';
import { UI_TIMEOUT_MS, waitForCardIn, waitForRoomKind } from './support/meeting-ui.ts';
import { createCaseThroughUi, createStaff, shownLink, signInFirstTime, STAFF_UI_TIMEOUT_MS, uniqueEmail, wrongPin } from './support/staff.ts';
import { pageErrorsOf } from './support/trio.ts';

const HARMED = 'Sam';
const RESPONSIBLE = 'Alex';

describe('cases flow', () => {
  let browser: Browser;
  const people: Person[] = [];
  const appUrl = inject('appUrl');

  beforeAll(async () => {
    browser = await connectToSharedBrowser();
  });
  afterEach(() => closeAll(people));
  afterAll(() => browser.close());

  it('a facilitator signs in (choosing their own password), creates a case with two parties and a conference with PIN links; the harmed party opens their link, gets a wrong PIN refused, passes the device check and waits in the harmed waiting room; the facilitator joins from the case page and sees them there; the used link then shows a calm "already used" page', async () => {
    const credentials = await createStaff({ email: uniqueEmail('fran'), role: 'facilitator', displayName: 'Fran Facilitator' });
    const facilitator = await newPerson(browser, 'Fran Facilitator', LAPTOP);
    people.push(facilitator);
    const f = facilitator.page;

    // Signing in with the generated password goes through the forced password change, then on to the cases.
    await signInFirstTime(f, appUrl, '/staff', credentials, 'a long facilitator passphrase');
    await f.getByTestId('case-list-page').waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });
    expect(new URL(f.url()).pathname, 'after signing in, back to the page asked for').toBe('/staff');

    // New referral, with both people in the same form.
    const caseId = await createCaseThroughUi(f, {
      crimeType: 'Burglary',
      referralSource: 'Police',
      initiatedBy: 'The person harmed',
      risk: 'Low',
      parties: [
        { side: 'harmed', name: 'Hannah Realname', pseudonym: HARMED },
        { side: 'responsible', name: 'Robin Realname', pseudonym: RESPONSIBLE },
      ],
    });
    expect(new URL(f.url()).pathname).toBe(`/staff/cases/${caseId}`);
    await expect.poll(() => f.getByTestId('party').count(), { timeout: UI_TIMEOUT_MS }).toBe(2);

    // The new-meeting form is already open: a conference, both sides invited, links with PINs.
    const form = f.getByTestId('new-meeting-form');
    await form.waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });
    await form.getByTestId('meeting-kind').getByLabel('Conference').check();
    await form.locator(`[data-testid="invite-party"][data-party="${RESPONSIBLE}"]`).check();
    expect(await form.locator(`[data-testid="invite-party"][data-party="${HARMED}"]`).isChecked(), 'the harmed party is invited by default').toBe(true);
    expect(await form.getByTestId('meeting-with-pin').isChecked(), 'links get a PIN by default').toBe(true);
    await form.getByTestId('meeting-submit').click();

    const harmedLink = await shownLink(f, HARMED);
    const responsibleLink = await shownLink(f, RESPONSIBLE);
    expect(harmedLink.link).toMatch(new RegExp(`^${appUrl}/i/[A-Za-z0-9_-]{24}$`));
    expect(harmedLink.pin).toMatch(/^\d{6}$/);
    expect(responsibleLink.link, 'each person has their own link').not.toBe(harmedLink.link);
    const pin = harmedLink.pin ?? '';

    // The harmed party opens their link: a PIN is asked for, a wrong one is refused with the attempts left.
    const harmed = await newPerson(browser, HARMED);
    people.push(harmed);
    const h = harmed.page;
    await h.goto(harmedLink.link);
    await h.locator('[data-testid="invite-page"][data-needs-pin="true"]').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await h.getByLabel('Your PIN').fill(wrongPin(pin));
    await h.getByTestId('invite-continue').click();
    await h.getByTestId('invite-problem').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await expect.poll(() => h.getByTestId('invite-attempts').getAttribute('data-attempts-left'), { timeout: UI_TIMEOUT_MS }).toBe('4');

    // The right PIN leads to the device check; the link's address is no longer in the history.
    await h.getByLabel('Your PIN').fill(pin);
    await h.getByTestId('invite-continue').click();
    await h.getByTestId('join-page').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(new URL(h.url()).pathname, 'the device check is the join page').toBe('/join');
    expect(h.url(), 'the address holds a join token, not the link code').toMatch(/#token=/);
    expect(await h.getByTestId('display-name-input').inputValue(), 'the pseudonym is the suggested name').toBe(HARMED);
    await submitJoinForm(harmed);
    expect(await waitForRoomKind(h, 'waiting'), 'the harmed party waits in their own side’s waiting room').toBe('waiting-harmed');

    // The facilitator has copied the links, and joins from the case page.
    await f.getByTestId('links-done').click();
    const meetingCard = f.getByTestId('meeting-card').first();
    await meetingCard.getByTestId('join-meeting').click();
    await f.getByTestId('join-page').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await submitJoinForm(facilitator);
    await waitForRoomKind(f, 'main');
    await waitForCardIn(f, 'waiting-harmed', HARMED);

    // The link worked once: opened again elsewhere, it says so calmly, with no technical detail.
    const stranger = await newPerson(browser, 'Someone else');
    people.push(stranger);
    await stranger.page.goto(harmedLink.link);
    await stranger.page.locator('[data-testid="invite-dead"][data-reason="used"]').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await stranger.page.getByTestId('invite-dead-message').textContent()).toMatch(/already been used|works once/i);

    expect(pageErrorsOf(facilitator, harmed, stranger)).toEqual([]);
  });

  it('a coordinator finds a new case in the list with search, and sees it in the reports: charts named for screen readers, their numbers in tables, and a CSV export', async () => {
    const credentials = await createStaff({ email: uniqueEmail('cora'), role: 'coordinator', displayName: 'Cora Coordinator' });
    const coordinator = await newPerson(browser, 'Cora Coordinator', LAPTOP);
    people.push(coordinator);
    const c = coordinator.page;
    await signInFirstTime(c, appUrl, '/staff/reports', credentials, 'a long coordinator passphrase');
    await c.getByTestId('reports-page').waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });

    await c.goto(`${appUrl}/staff`);
    await c.getByTestId('case-list-page').waitFor({ state: 'visible', timeout: STAFF_UI_TIMEOUT_MS });
    const reference = `E2E-${Date.now().toString(36).toUpperCase()}`;
    await createCaseThroughUi(c, { crimeType: 'Criminal damage', referralSource: 'Youth offending team', initiatedBy: 'The person responsible', risk: 'Medium', reference, parties: [] });
    expect(await c.getByTestId('case-reference').textContent()).toBe(reference);

    await c.getByRole('navigation', { name: 'Staff pages' }).getByRole('link', { name: 'Cases', exact: true }).click();
    await c.getByTestId('case-search').fill(reference.toLowerCase());
    await expect.poll(() => c.getByTestId('case-row').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await c.getByTestId('case-row').getAttribute('data-reference')).toBe(reference);

    await c.getByRole('navigation', { name: 'Staff pages' }).getByRole('link', { name: 'Reports', exact: true }).click();
    const byMonth = c.getByTestId('chart-referrals-by-month');
    await byMonth.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await byMonth.getByRole('img').getAttribute('aria-label')).toMatch(/^Referrals by month\. \d+ referrals/);
    const crimeTypes = c.getByTestId('chart-crime-type');
    expect(await crimeTypes.locator('table tbody th', { hasText: 'Criminal damage' }).count(), 'the crime type is a row of the chart’s table').toBe(1);
    expect(await crimeTypes.locator('rect.chart__bar').count(), 'one bar per crime type').toBeGreaterThan(0);

    const csvHref = await c.getByTestId('csv-cases').getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/reports\/cases\.csv\?from=\d{4}-\d{2}&to=\d{4}-\d{2}$/);
    const csv = await c.request.get(`${appUrl}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(await csv.text()).toContain(reference);

    expect(pageErrorsOf(coordinator)).toEqual([]);
  });
});
