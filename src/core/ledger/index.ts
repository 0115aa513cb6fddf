export * from './types.ts';
export * from './state.ts';
export * from './hash.ts';
export * from './format.ts';
export * from './pause.ts';
