// The end of every `npm run db:*` script: run `main`, exit with the code it returns, and turn a
// thrown error into its message (no stack trace: these errors are meant for the person typing)
// and exit code 1.
export function runScript(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
