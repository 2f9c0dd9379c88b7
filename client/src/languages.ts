/** Config languages this extension contributes (the ids popular nginx and Apache grammar extensions use). */
export const CONFIG_LANGUAGES = ['nginx', 'apacheconf'] as const;

/** Server code whose CORS set-up the server analyses. */
export const CODE_LANGUAGES = ['javascript', 'typescript', 'python', 'java', 'csharp', 'go', 'ruby', 'php'] as const;

export const SERVED_LANGUAGES: readonly string[] = [...CONFIG_LANGUAGES, ...CODE_LANGUAGES];
