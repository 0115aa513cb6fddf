export * from './observances.ts';
export * from './model.ts';
export * from './ics.ts';
