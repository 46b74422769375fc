export * from './client';
export * from './types';
export * from './auth';
export * from './workspace';
export * from './messages';
export * from './settings';
export { queryKeys } from './queryKeys';
