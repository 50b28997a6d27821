namespace TwinCity.Importers;

/// <summary>How far an import is: a stage and, where countable, done out of total.</summary>
/// <param name="Stage">"read", "prepare", "tiles" or "done".</param>
/// <param name="Done">Units finished in this stage.</param>
/// <param name="Total">Units in this stage (0 when unknown).</param>
public sealed record ImportProgress(string Stage, int Done, int Total);
