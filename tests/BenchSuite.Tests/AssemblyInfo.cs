// torch's global generator (manual_seed, weight init) and its thread pool are process-wide: tests that seed it
// must not interleave, and training tests measure more reliably alone.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
