import { useSyncExternalStore } from 'react';

/** Below this width (antd's `md` breakpoint) the app is laid out for a phone. */
export const NARROW_QUERY = '(max-width: 767.98px)';

/** The user asked the system for less motion (an accessibility setting; WCAG 2.3.3). */
export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

/** Whether the CSS media query `query` matches, from the first render, following changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const media = window.matchMedia(query);
      media.addEventListener('change', onChange);
      return () => media.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Whether the window is phone-narrow; right from the first render (no desktop flash on a phone). */
export function useNarrow(): boolean {
  return useMediaQuery(NARROW_QUERY);
}

/** Whether the user prefers reduced motion: dialogs, drawers and messages then appear without animating. */
export function useReducedMotion(): boolean {
  return useMediaQuery(REDUCED_MOTION_QUERY);
}
