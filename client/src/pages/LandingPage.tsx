// The root page: people never start here on purpose, so it explains how joining works.
import type { ReactElement } from 'react';
import { MessagePage } from './MessagePage.tsx';

export function LandingPage(): ReactElement {
  return (
    <MessagePage title="Welcome to Common Ground" testId="landing-page">
      <p>
        Common Ground is where restorative justice meetings take place online. Meetings are arranged by your
        facilitator.
      </p>
      <p>
        <strong>To join a meeting, open the link your facilitator gave you.</strong> You do not need an account or
        an app.
      </p>
      <ul className="message__list">
        <li>Find a quiet, private place where you feel comfortable.</li>
        <li>You can check your camera and microphone before you join.</li>
        <li>Taking part is your choice. You can leave at any time.</li>
      </ul>
      <p className="message__small">If you have lost your link, please contact your facilitator.</p>
    </MessagePage>
  );
}
