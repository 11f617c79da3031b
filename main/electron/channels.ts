// Shared by the main process and the (bundled) preload.
export const INVOKE_CHANNEL = 'bluesky:invoke';
export const EVENT_CHANNEL = 'bluesky:event';
export const EVENT_NAMES = ['progress'] as const;
export const SAVE_CHANNEL = 'bluesky:save-file';
export const SHOW_CHANNEL = 'bluesky:show-in-folder';
export const OPEN_CHANNEL = 'bluesky:open-files';
