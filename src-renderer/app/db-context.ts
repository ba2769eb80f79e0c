import { createContext, useContext } from 'react';
import type { User } from '../../src-shared/index.js';
import type { SwitchboardDb } from '../db/database.js';
import type { StartupGate } from './startup-gate.js';

export interface WorkspaceContextValue {
  db: SwitchboardDb;
  me: User;
  /** Opened by the queue's first paint; background start-up work waits for it (startup-gate.ts). */
  startup: StartupGate;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/** The signed-in agent's cache and identity; only inside `<Workspace>`. */
export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside <Workspace>');
  return value;
}
