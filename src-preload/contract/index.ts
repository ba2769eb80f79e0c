/** The typed IPC contract between main, preload and renderer. See ./channels.ts and ./desktop-api.ts. */
export * from './channels.js';
export type * from './desktop-api.js';
