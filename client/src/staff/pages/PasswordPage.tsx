// /staff/password: change the password. Forced after the first sign-in and after a reset (the
// account has a generated password until then); otherwise reached from the header.
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { PageShell } from '../../pages/PageShell.tsx';
import { homePath } from '../abilities.ts';
import { Link } from '../components/Link.tsx';
import { ErrorNotice } from '../components/Notices.tsx';
import { changePassword } from '../endpoints.ts';
import { navigate, safeNext } from '../navigation.ts';
import { useStaffSession } from '../staffSession.ts';
import { useAction } from '../useResource.ts';
import { MIN_PASSWORD, passwordProblem } from '../forms/passwordRules.ts';

export function PasswordPage(): ReactElement {
  const { staff, setStaff, signOut } = useStaffSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const action = useAction(changePassword);
  const forced = staff.mustChangePassword;
  const after = safeNext(new URLSearchParams(window.location.search).get('next')) ?? homePath(staff.role);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const found = passwordProblem(current, next, repeat);
    setProblem(found);
    if (found) return;
    const result = await action.run(current, next);
    if (!result.ok) return;
    setStaff(result.value.staff);
    navigate(after, { replace: true });
  };

  return (
    <PageShell>
      <main className="auth" data-testid="password-page">
        <form className="auth__card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
          <h1 id={`${id}-title`} className="auth__title">
            {forced ? 'Choose your own password' : 'Change your password'}
          </h1>
          {forced && (
            <p className="notice notice--warning" data-testid="password-forced">
              You signed in with a password that was made for you. Choose your own to continue.
            </p>
          )}
          <div className="field">
            <label className="field__label" htmlFor={`${id}-current`}>
              {forced ? 'The password you were given' : 'Current password'}
            </label>
            <input id={`${id}-current`} className="field__control" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="password-current" />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-new`}>
              New password
            </label>
            <input
              id={`${id}-new`}
              className="field__control"
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              aria-describedby={`${id}-hint`}
              data-testid="password-new"
            />
            <p id={`${id}-hint`} className="field__hint">
              At least {MIN_PASSWORD} characters. A few words you will remember work well.
            </p>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-repeat`}>
              New password again
            </label>
            <input id={`${id}-repeat`} className="field__control" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="password-repeat" />
          </div>
          {problem && (
            <p className="staff-error" role="alert">
              {problem}
            </p>
          )}
          {action.error !== null && <ErrorNotice error={action.error} />}
          <button type="submit" className="button button--primary button--large" disabled={action.pending} data-testid="password-submit">
            {action.pending ? 'Saving…' : 'Save password'}
          </button>
          <p className="auth__small">
            {forced ? (
              <button type="button" className="staff-link-button" onClick={() => void signOut()}>
                Sign out instead
              </button>
            ) : (
              <Link href={after}>Back</Link>
            )}
          </p>
        </form>
      </main>
    </PageShell>
  );
}
