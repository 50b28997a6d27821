using TwinCity.Benchmarks;

// dotnet run -c Release --project tests/TwinCity.Benchmarks -- [import] [--buildings N]
// Prints figures as medians and as ratios to a reference measured in the same run.
var buildings = args.SkipWhile(a => a != "--buildings").Skip(1).Select(int.Parse).FirstOrDefault(1_000_000);
await ImportBenchmark.RunAsync(buildings);
