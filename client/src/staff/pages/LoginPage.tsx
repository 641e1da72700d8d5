// /staff/login: email and password. A generated password goes straight on to the password page;
// otherwise back to the page the person was sent away from, or their home page.
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { PageShell } from '../../pages/PageShell.tsx';
import { homePath } from '../abilities.ts';
import { ErrorNotice } from '../components/Notices.tsx';
import { login } from '../endpoints.ts';
import { loginErrorText } from '../errorText.ts';
import { navigate, safeNext } from '../navigation.ts';
import type { StaffView } from '../schemas.ts';
import { useAction } from '../useResource.ts';

export function LoginPage({ onSignedIn }: { onSignedIn: (staff: StaffView) => void }): ReactElement {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();
  const action = useAction(login);
  const next = safeNext(new URLSearchParams(window.location.search).get('next'));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const result = await action.run(email.trim(), password);
    if (!result.ok) return;
    const { staff } = result.value;
    onSignedIn(staff);
    if (staff.mustChangePassword) navigate(next ? `/staff/password?next=${encodeURIComponent(next)}` : '/staff/password', { replace: true });
    else navigate(next ?? homePath(staff.role), { replace: true });
  };

  return (
    <PageShell>
      <main className="auth" data-testid="login-page">
        <form className="auth__card" onSubmit={(e) => void submit(e)} aria-labelledby={`${emailId}-title`}>
          <h1 id={`${emailId}-title`} className="auth__title">
            Staff sign-in
          </h1>
          <p className="staff-muted">For facilitators, coordinators and administrators. Parties join with the link their facilitator gave them.</p>
          <div className="field">
            <label className="field__label" htmlFor={emailId}>
              Email
            </label>
            <input
              id={emailId}
              className="field__control"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="login-email"
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={passwordId}>
              Password
            </label>
            <input
              id={passwordId}
              className="field__control"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </div>
          {action.error !== null && <ErrorNotice error={action.error} text={loginErrorText} />}
          <button type="submit" className="button button--primary button--large" disabled={action.pending} data-testid="login-submit">
            {action.pending ? 'Signing in…' : 'Sign in'}
          </button>
          <p className="staff-muted auth__small">Forgotten your password? Ask an administrator to reset it.</p>
        </form>
      </main>
    </PageShell>
  );
}
