/**
 * Registers each network's moderation (a section at the end of its adapter file), loaded on first use:
 * a run reading only the local inbox never loads a network's code.
 */
import { registerModeration } from './moderation-select.ts';

void registerModeration;
