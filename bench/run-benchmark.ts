/** A benchmark's entry point: runs it, and on any error prints the stack and exits 1 (a bench asserts nothing, but it must not fail silently). */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  });
}
