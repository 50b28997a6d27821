namespace TwinCity.Silo.Ingestion;

/// <summary>What became of a pack of sensor readings.</summary>
/// <param name="Accepted">Readings applied to the twin.</param>
/// <param name="Suppressed">People counts below the threshold, dropped before publication.</param>
/// <param name="Problems">Why the pack was refused (then nothing was applied), each naming the record.</param>
/// <param name="RetryAfter">Set when a sensor is over its rate: retry after this long.</param>
public sealed record SensorIngestResult(int Accepted, int Suppressed, IReadOnlyList<string> Problems, TimeSpan? RetryAfter = null)
{
    /// <summary>True when the pack was applied.</summary>
    public bool Succeeded => Problems.Count == 0 && RetryAfter is null;
}
