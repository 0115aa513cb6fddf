/** Where the watch keeps its settings and what it records in a brand repository. */
export const WATCH_FILE = 'content/watch.mdx';
export const WATCH_DATA_DIR = 'data/watch';
export const MENTIONS_DIR = `${WATCH_DATA_DIR}/mentions`;
export const DAILY_FILE = `${WATCH_DATA_DIR}/daily.csv`;
export const CURSORS_DIR = `${WATCH_DATA_DIR}/cursors`;
export const INCIDENTS_DIR = `${WATCH_DATA_DIR}/incidents`;
export const WATCH_STATE_FILE = `${WATCH_DATA_DIR}/state.json`;
/** When each source was last read on this machine (not committed): what the sources' `every` throttle needs. */
export const POLLS_FILE = '.cadence/watch/polls.json';
/** Samples read by sources without credentials (docs/community.md, "Without accounts"). */
export const WATCH_SAMPLES_DIR = 'samples/watch';
