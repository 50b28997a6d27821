namespace TwinCity.Silo.Ingestion;

/// <summary>The outcome of one batch: all of it was applied, or none of it and here is why.</summary>
/// <param name="Accepted">Number of readings applied (0 when any problem was found).</param>
/// <param name="Problems">Every problem found; empty on success.</param>
public sealed record IngestResult(int Accepted, IReadOnlyList<ReadingProblem> Problems)
{
    /// <summary>True when the batch was applied.</summary>
    public bool Succeeded => Problems.Count == 0;
}
