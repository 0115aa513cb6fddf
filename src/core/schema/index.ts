export * from './common.ts';
export * from './post.ts';
export * from './editorial-line.ts';
export * from './netiquette.ts';
export * from './duration.ts';
export * from './watch.ts';
export * from './crisis.ts';
