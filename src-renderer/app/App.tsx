import { LoginScreen } from '../features/login/LoginScreen.js';
import { useAppStore } from '../state/store.js';
import { Workspace } from './Workspace.js';

export function App() {
  const session = useAppStore((s) => s.session);
  if (!session || Date.parse(session.expiresAt) <= Date.now()) return <LoginScreen />;
  return <Workspace key={`${session.hubUrl}|${session.user.id}|${session.token}`} session={session} />;
}
