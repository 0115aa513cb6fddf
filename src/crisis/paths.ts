/** Where the crisis protocol lives and what `cadence crisis` records in a brand repository. */
export const CRISIS_FILE = 'content/crisis.mdx';
export const CRISIS_DATA_DIR = 'data/crisis';
export const CURRENT_CRISIS_FILE = `${CRISIS_DATA_DIR}/current.json`;
/** Rendered holding statements go here, as posts (they are posts: lint, review and publish apply). */
export const CRISIS_POSTS_DIR = 'content/posts/crise';
