using TwinCity.Benchmarks;

// dotnet run -c Release --project tests/TwinCity.Benchmarks -- [import|ingest|live|http|startup|scenarios|storage|resident|history|viewer] [--buildings N] [--resident N] [--clients N] [--pack N] [--publishers N] [--write-behind-only] [--http-only] [--kept-store] [--warm-up N] [--latency-only [--load N]] [--probes N] [--seconds N] [--allocations]
// (live, http, startup and viewer start the web process: build it first with dotnet build -c Release web)
// Prints figures as medians and as ratios to a reference measured in the same run. No argument: both.
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !char.IsDigit(a[0]));
if (which is null or "import")
{
    var buildings = args.SkipWhile(a => a != "--buildings").Skip(1).Select(int.Parse).FirstOrDefault(1_000_000);
    await ImportBenchmark.RunAsync(buildings);
}

if (which is null or "ingest")
{
    await IngestBenchmark.RunAsync(allocations: args.Contains("--allocations"));
}

if (which is "storage")
{
    // Not part of the default run: it writes --buildings grain states (default 100,000) to a temporary folder.
    var buildings = args.SkipWhile(a => a != "--buildings").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
    await StorageBenchmark.RunAsync(buildings, azuriteWrites: Math.Min(buildings, 5_000));
    var resident = args.SkipWhile(a => a != "--resident").Skip(1).Select(int.Parse).FirstOrDefault(0);
    if (resident > 0)
    {
        await ResidentGrainsBenchmark.RunAsync(resident);
    }
}

if (which is "history")
{
    // Not part of the default run: allocation per history point, a second or two.
    HistoryBenchmark.Run();
}

if (which is "resident")
{
    // Memory per resident building grain alone (also run by storage with --resident N).
    await ResidentGrainsBenchmark.RunAsync(args.SkipWhile(a => a != "--resident").Skip(1).Select(int.Parse).FirstOrDefault(200_000));
}

if (which is null or "live")
{
    await LiveBenchmark.RunAsync(args.SkipWhile(a => a != "--publishers").Skip(1).Select(int.Parse).FirstOrDefault(32));
}

if (which is null or "http")
{
    await HttpIngestBenchmark.RunAsync(
        args.SkipWhile(a => a != "--clients").Skip(1).Select(int.Parse).FirstOrDefault(16),
        args.SkipWhile(a => a != "--pack").Skip(1).Select(int.Parse).FirstOrDefault(10_000),
        durableToo: !args.Contains("--write-behind-only"),
        seconds: args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault(),
        publishers: args.SkipWhile(a => a != "--publishers").Skip(1).Select(int.Parse).FirstOrDefault(32),
        mqttToo: !args.Contains("--http-only"),
        keptStore: args.Contains("--kept-store"),
        warmUpSeconds: args.SkipWhile(a => a != "--warm-up").Skip(1).Select(int.Parse).Cast<int?>().FirstOrDefault(),
        latencyOnlyLoad: args.Contains("--latency-only") ? args.SkipWhile(a => a != "--load").Skip(1).Select(double.Parse).FirstOrDefault(80_000) : null,
        probes: args.SkipWhile(a => a != "--probes").Skip(1).Select(int.Parse).FirstOrDefault(600));
}

if (which is null or "startup")
{
    await StartupBenchmark.RunAsync();
}

if (which is null or "scenarios")
{
    await ScenarioBenchmark.RunAsync();
}

if (which is "viewer")
{
    // Not part of the default run: it starts headless Chromium; --buildings sets the replicated city (default 100,000; 0 = Monaco only).
    var buildings = args.SkipWhile(a => a != "--buildings").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
    await ViewerBenchmark.RunAsync(buildings);
}
