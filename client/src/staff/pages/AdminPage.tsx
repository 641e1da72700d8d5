// /staff/admin (administrators): staff accounts. Creating an account or resetting a password
// shows the generated password once, to hand over; it must be changed at first sign-in.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { ConfirmDialog, type ConfirmRequest } from '../../console/ConfirmDialog.tsx';
import '../../console/console.css';
import { CopyField } from '../components/CopyField.tsx';
import { SelectField, TextField } from '../components/Fields.tsx';
import { ErrorNotice, LoadingNotice } from '../components/Notices.tsx';
import { changeStaff, createStaff, listStaff, resetPassword } from '../endpoints.ts';
import { formatInstant } from '../format.ts';
import { STAFF_ROLE } from '../labels.ts';
import { StaffRole, type StaffListItem, type StaffWithPassword } from '../schemas.ts';
import { useStaffSession } from '../staffSession.ts';
import { useAction, useResource } from '../useResource.ts';

const ROLE_OPTIONS = StaffRole.options.map((r) => ({ value: r, label: STAFF_ROLE[r] }));

export function AdminPage(): ReactElement {
  const list = useResource(() => listStaff({ includeDisabled: true }), []);
  const [handover, setHandover] = useState<{ what: string; result: StaffWithPassword } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  const shown = (what: string, result: StaffWithPassword): void => {
    setHandover({ what, result });
    list.reload();
  };

  return (
    <div className="staff-page" data-testid="admin-page">
      <header className="staff-page__header">
        <h1>Staff accounts</h1>
      </header>
      {handover && <PasswordHandover what={handover.what} result={handover.result} onDone={() => setHandover(null)} />}
      <NewStaffForm onCreated={(r) => shown('Account created', r)} />
      <section className="staff-card" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts</h2>
        <div aria-live="polite">
          {list.state.status === 'loading' && <LoadingNotice what="accounts" />}
          {list.state.status === 'error' && <ErrorNotice error={list.state.error} retry={list.reload} />}
        </div>
        {list.state.status === 'ready' && (
          <table className="staff-table" data-testid="staff-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.state.data.staff.map((s) => (
                <StaffRow key={s.id} member={s} onChanged={list.reload} onPassword={(r) => shown('Password reset', r)} askConfirm={setConfirm} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      {confirm && <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />}
    </div>
  );
}

function PasswordHandover({ what, result, onDone }: { what: string; result: StaffWithPassword; onDone: () => void }): ReactElement {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [result]);
  return (
    <section className="created-links" aria-labelledby="handover-heading" data-testid="password-handover">
      <h2 id="handover-heading" ref={heading} tabIndex={-1} className="created-links__title">
        {what}: {result.staff.displayName}
      </h2>
      <p className="notice notice--warning">This password is shown only now. Give it to {result.staff.displayName} in person or on the phone; they choose their own when they first sign in.</p>
      <CopyField label="Email" value={result.staff.email} testId="handover-email" />
      <CopyField label="Password" value={result.password} testId="handover-password" spaced />
      <button type="button" className="button button--primary" onClick={onDone}>
        Done
      </button>
    </section>
  );
}

function NewStaffForm({ onCreated }: { onCreated: (r: StaffWithPassword) => void }): ReactElement {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRole>('facilitator');
  const action = useAction(() => createStaff({ email: email.trim(), displayName: displayName.trim(), role }));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const result = await action.run();
    if (!result.ok) return;
    setEmail('');
    setDisplayName('');
    onCreated(result.value);
  };

  return (
    <section className="staff-card" aria-labelledby="new-staff-heading">
      <h2 id="new-staff-heading">New account</h2>
      <form className="form-grid form-grid--inline" onSubmit={(e) => void submit(e)}>
        <TextField label="Name" value={displayName} onChange={setDisplayName} required maxLength={100} testId="new-staff-name" />
        <TextField label="Email" type="email" value={email} onChange={setEmail} required testId="new-staff-email" />
        <SelectField legend="Role" value={role} options={ROLE_OPTIONS} onChange={setRole} testId="new-staff-role" />
        <button type="submit" className="button button--primary" disabled={action.pending || !email.trim() || !displayName.trim()} data-testid="new-staff-submit">
          Create account
        </button>
      </form>
      {action.error !== null && <ErrorNotice error={action.error} />}
    </section>
  );
}

interface RowProps {
  member: StaffListItem;
  onChanged: () => void;
  onPassword: (r: StaffWithPassword) => void;
  askConfirm: (r: ConfirmRequest) => void;
}

function StaffRow({ member, onChanged, onPassword, askConfirm }: RowProps): ReactElement {
  const { staff: me } = useStaffSession();
  const [role, setRole] = useState<StaffRole>(member.role);
  const change = useAction((body: { role?: StaffRole; disabled?: boolean }) => changeStaff(member.id, body));
  const reset = useAction(() => resetPassword(member.id));
  const disabled = member.disabled ?? false;
  const self = member.id === me.id;

  const run = (body: { role?: StaffRole; disabled?: boolean }): void => void change.run(body).then((r) => r.ok && onChanged());

  return (
    <tr data-testid="staff-row" data-email={member.email}>
      <th scope="row" data-label="Name">
        {member.displayName}
        {self && <span className="staff-muted"> (you)</span>}
      </th>
      <td data-label="Email">{member.email}</td>
      <td data-label="Role">
        <div className="inline-form">
          <SelectField legend={`Role of ${member.displayName}`} hideLabel value={role} options={ROLE_OPTIONS} onChange={setRole} />
          {role !== member.role && (
            <button
              type="button"
              className="button button--secondary"
              disabled={change.pending}
              onClick={() =>
                askConfirm({
                  title: `Make ${member.displayName} ${STAFF_ROLE[role].toLowerCase()}?`,
                  message: 'Their current sessions end; they sign in again with the new role.',
                  confirmLabel: 'Change role',
                  onConfirm: () => run({ role }),
                })
              }
            >
              Save role
            </button>
          )}
        </div>
      </td>
      <td data-label="State">{disabled ? 'Disabled' : member.lockedUntil ? `Locked until ${formatInstant(member.lockedUntil)}` : 'Active'}</td>
      <td data-label="Actions">
        <div className="button-row">
          <button
            type="button"
            className="staff-link-button"
            disabled={reset.pending}
            onClick={() =>
              askConfirm({
                title: `Reset ${member.displayName}’s password?`,
                message: 'A new password is made and shown once. Their sessions end, and they must choose their own password when they next sign in. This also unlocks a locked account.',
                confirmLabel: 'Reset password',
                onConfirm: () => void reset.run().then((r) => r.ok && onPassword(r.value)),
              })
            }
          >
            Reset password
          </button>
          <button
            type="button"
            className="staff-link-button"
            disabled={change.pending || self}
            onClick={() =>
              disabled
                ? run({ disabled: false })
                : askConfirm({
                    title: `Disable ${member.displayName}’s account?`,
                    message: 'They are signed out everywhere and cannot sign in until the account is enabled again.',
                    confirmLabel: 'Disable account',
                    onConfirm: () => run({ disabled: true }),
                  })
            }
          >
            {disabled ? 'Enable' : 'Disable'}
          </button>
        </div>
        {change.error !== null && <ErrorNotice error={change.error} />}
        {reset.error !== null && <ErrorNotice error={reset.error} />}
      </td>
    </tr>
  );
}
