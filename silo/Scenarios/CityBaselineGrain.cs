using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using TwinCity.Models.Scenarios;
using TwinCity.Models.Storage;
using TwinCity.Silo.Scenarios.Baseline;

namespace TwinCity.Silo.Scenarios;

/// <summary>
/// One city version's <see cref="ScenarioBaseline"/>, read from the blob the import wrote when first asked
/// for and kept while the grain is active: every scenario on that city shares it. No persistent state:
/// the blob is the state.
/// </summary>
public sealed partial class CityBaselineGrain(IServiceProvider services, TimeProvider time, ILogger<CityBaselineGrain> logger) : Grain, ICityBaselineGrain
{
    // The local frame is metric and planar; full double precision (no snapping).
    private static readonly GeometryFactory LocalGeometry = new(new PrecisionModel(), 0);

    private ScenarioBaseline? _baseline;

    /// <inheritdoc />
    public async Task<string?> CheckAsync(Intervention intervention, IReadOnlyList<Intervention> earlier) =>
        (await BaselineAsync()).Problem(intervention, earlier);

    /// <inheritdoc />
    public async Task<ScenarioAnalysis> AnalyseAsync(string scenarioId, IReadOnlyList<Intervention> interventions, DateOnly shadowDate, DateTimeOffset? shadowTime)
    {
        var baseline = await BaselineAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var analysis = baseline.Analyse(scenarioId, this.GetPrimaryKeyLong(), interventions, shadowDate, shadowTime, time.GetUtcNow());
        LogAnalysed(scenarioId, this.GetPrimaryKeyLong(), interventions.Count, clock.ElapsedMilliseconds);
        return analysis;
    }

    private async Task<ScenarioBaseline> BaselineAsync()
    {
        if (_baseline is not null)
        {
            return _baseline;
        }

        var version = this.GetPrimaryKeyLong();
        var blobs = services.GetService<IBlobStore>()
            ?? throw new InvalidOperationException($"city {version}: no blob store in this silo, so no scenario baseline");
        var city = await CityBaselineStore.ReadAsync(blobs, version, CancellationToken.None)
            ?? throw new InvalidOperationException($"city {version}: no scenario baseline ({CityBaselineStore.BlobName(version)} missing); load the city again");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _baseline = new ScenarioBaseline(city, LocalGeometry);
        LogPrepared(version, city.Buildings.Count, _baseline.Streets.Arcs.Count, clock.ElapsedMilliseconds);
        return _baseline;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenario baseline of city {CityVersion} prepared: {Buildings} buildings, {Arcs} street arcs in {ElapsedMs} ms")]
    private partial void LogPrepared(long cityVersion, int buildings, int arcs, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scenario {ScenarioId} analysed on city {CityVersion} ({Interventions} interventions) in {ElapsedMs} ms")]
    private partial void LogAnalysed(string scenarioId, long cityVersion, int interventions, long elapsedMs);
}
