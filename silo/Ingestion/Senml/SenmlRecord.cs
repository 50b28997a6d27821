namespace TwinCity.Silo.Ingestion.Senml;

/// <summary>One resolved SenML record (RFC 8428 §4.6): base fields applied, time absolute.</summary>
/// <param name="Name">Resolved name (base name + name): the sensor id.</param>
/// <param name="Unit">Resolved unit (SenML units, e.g. <c>kW</c>, <c>Cel</c>, <c>count</c>), or null.</param>
/// <param name="Value">The numeric value (base value + value).</param>
/// <param name="Time">Absolute time of the reading.</param>
public readonly record struct SenmlRecord(string Name, string? Unit, double Value, DateTimeOffset Time)
{
    /// <summary>What the parse's <see cref="SenmlParser.NameLookup"/> found for <see cref="Name"/>, or null (not looked up, or unknown).</summary>
    public KnownName? Known { get; init; }
}
