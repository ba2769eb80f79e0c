export * from './domain/types.js';
export * from './protocol/version.js';
export * from './protocol/schemas.js';
export * from './protocol/channels.js';
export * from './protocol/errors.js';
export * from './protocol/events.js';
export * from './protocol/mutations.js';
export * from './security/csp.js';
