export * from './client';
export * from './types';
export * from './auth';
export * from './workspace';
export { queryKeys } from './queryKeys';
