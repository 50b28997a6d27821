using TwinCity.Benchmarks;

// dotnet run -c Release --project tests/TwinCity.Benchmarks -- [import|ingest|live|http|startup|scenarios] [--buildings N]
// (live, http and startup start the web process: build it first with dotnet build -c Release web)
// Prints figures as medians and as ratios to a reference measured in the same run. No argument: both.
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !char.IsDigit(a[0]));
if (which is null or "import")
{
    var buildings = args.SkipWhile(a => a != "--buildings").Skip(1).Select(int.Parse).FirstOrDefault(1_000_000);
    await ImportBenchmark.RunAsync(buildings);
}

if (which is null or "ingest")
{
    await IngestBenchmark.RunAsync();
}

if (which is null or "live")
{
    await LiveBenchmark.RunAsync();
}

if (which is null or "http")
{
    await HttpIngestBenchmark.RunAsync();
}

if (which is null or "startup")
{
    await StartupBenchmark.RunAsync();
}

if (which is null or "scenarios")
{
    await ScenarioBenchmark.RunAsync();
}
