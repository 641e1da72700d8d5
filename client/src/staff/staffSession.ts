// The signed-in staff member, shared with every staff page through React context.
import { createContext, useContext } from 'react';
import type { StaffView } from './schemas.ts';

export interface StaffSession {
  readonly staff: StaffView;
  /** After a password change (the server answers with the updated account). */
  setStaff(staff: StaffView): void;
  signOut(): Promise<void>;
}

export const StaffSessionContext = createContext<StaffSession | null>(null);

export function useStaffSession(): StaffSession {
  const session = useContext(StaffSessionContext);
  if (!session) throw new Error('useStaffSession() outside the staff app');
  return session;
}
