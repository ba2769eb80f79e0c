import { createContext, useContext } from 'react';
import type { User } from '../../src-shared/index.js';
import type { SwitchboardDb } from '../db/database.js';

export interface WorkspaceContextValue {
  db: SwitchboardDb;
  me: User;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/** The signed-in agent's cache and identity; only inside `<Workspace>`. */
export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside <Workspace>');
  return value;
}
