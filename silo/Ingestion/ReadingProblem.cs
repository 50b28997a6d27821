namespace TwinCity.Silo.Ingestion;

/// <summary>Why one reading of a batch was rejected.</summary>
/// <param name="Index">Position of the reading in its batch.</param>
/// <param name="Reason">What is wrong, naming the offending value.</param>
public sealed record ReadingProblem(int Index, string Reason);
