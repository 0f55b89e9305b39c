import { createContext, useContext } from 'react';
import type { Viewer } from '../lib/viewer';

export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in user; only used below the sign-in gate, where there always is one. */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside the signed-in app');
  return viewer;
}
